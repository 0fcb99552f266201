package io.mercato.flink.ads;

import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.flink.types.BinaryFormSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink's serializer of {@link CampaignStats}: an int length and the versioned binary form, the very
 * bytes Redis holds. The form carries its own version, so the serializer needs no configuration and
 * its snapshot is the plain class name. Copies are deep (through the binary form).
 */
public final class CampaignStatsSerializer extends BinaryFormSerializer<CampaignStats> {
  private static final long serialVersionUID = 1L;
  public static final CampaignStatsSerializer INSTANCE = new CampaignStatsSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<CampaignStats> duplicate() {
    return this;
  }

  @Override
  public CampaignStats createInstance() {
    return null;
  }

  @Override
  public CampaignStats copy(CampaignStats from) {
    return from.copy();
  }

  @Override
  public CampaignStats copy(CampaignStats from, CampaignStats reuse) {
    return from.copy();
  }

  @Override
  protected byte[] encode(CampaignStats value) {
    return value.toByteArray();
  }

  @Override
  protected CampaignStats decode(byte[] bytes) {
    return CampaignStats.fromByteArray(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CampaignStatsSerializer;
  }

  @Override
  public int hashCode() {
    return CampaignStatsSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<CampaignStats> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The snapshot: nothing but the class (the binary form is self-describing). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<CampaignStats> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
