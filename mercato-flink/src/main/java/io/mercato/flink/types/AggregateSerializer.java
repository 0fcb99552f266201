package io.mercato.flink.types;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKind;
import io.mercato.flink.CoreSettings;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Flink's serializer of the aggregates of one {@link StateKind} ({@link KeyedAggregates#create}): an
 * int length and the aggregate's versioned binary form ({@link KeyedAggregates#write}), the very
 * bytes the Redis sink stores. Reading needs the kind, the windows and the profile settings, so the
 * serializer carries its kind and {@link CoreSettings}, and so does its snapshot.
 *
 * <p>Aggregates are mutable: {@link #copy(Aggregate)} is a deep copy through the binary form (the
 * heap state backend copies only while a snapshot is running). Thread-safe.
 */
public final class AggregateSerializer extends BinaryFormSerializer<Aggregate<?>> {
  private static final long serialVersionUID = 1L;
  private final StateKind kind;
  private final CoreSettings settings;

  public AggregateSerializer(StateKind kind, CoreSettings settings) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public StateKind kind() {
    return kind;
  }

  public CoreSettings settings() {
    return settings;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<Aggregate<?>> duplicate() {
    return this; // no mutable fields: KeyedAggregates is immutable and thread-safe
  }

  /** There is no kind-less empty aggregate; Flink only passes it back as an ignored reuse object. */
  @Override
  public Aggregate<?> createInstance() {
    return null;
  }

  @Override
  public Aggregate<?> copy(Aggregate<?> from) {
    return settings.aggregates().read(kind, KeyedAggregates.write(from));
  }

  @Override
  public Aggregate<?> copy(Aggregate<?> from, Aggregate<?> reuse) {
    return copy(from);
  }

  @Override
  protected byte[] encode(Aggregate<?> value) {
    return KeyedAggregates.write(value);
  }

  @Override
  protected Aggregate<?> decode(byte[] bytes) {
    return settings.aggregates().read(kind, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregateSerializer s && kind == s.kind && settings.equals(s.settings);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + settings.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Aggregate<?>> snapshotConfiguration() {
    return new Snapshot(kind, settings);
  }

  /**
   * The snapshot: the kind and the settings the aggregates were written with (Java-serialized). A
   * restore is compatible as is when the kind, windows, lateness and profile settings are unchanged
   * ({@link CoreSettings#sameAggregateShape}); otherwise incompatible, because the binary forms are
   * read against those settings: changing them means rebuilding the state by replaying Kafka.
   */
  public static final class Snapshot implements TypeSerializerSnapshot<Aggregate<?>> {
    private static final int VERSION = 1;
    private StateKind kind;
    private CoreSettings settings;

    /** For Flink's reflective restore; {@link #readSnapshot} fills it. */
    public Snapshot() {}

    Snapshot(StateKind kind, CoreSettings settings) {
      this.kind = kind;
      this.settings = settings;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      byte[] bytes = InstantiationUtil.serializeObject(settings);
      out.writeByte(kind.code());
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
      if (version != VERSION) {
        throw new IOException("unknown aggregate serializer snapshot version " + version);
      }
      kind = StateKind.ofCode((char) in.readUnsignedByte());
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try {
        settings = InstantiationUtil.deserializeObject(bytes, loader);
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot read the aggregate serializer's settings", e);
      }
    }

    @Override
    public TypeSerializer<Aggregate<?>> restoreSerializer() {
      return new AggregateSerializer(kind, settings);
    }

    @Override
    public TypeSerializerSchemaCompatibility<Aggregate<?>> resolveSchemaCompatibility(
        TypeSerializerSnapshot<Aggregate<?>> old) {
      if (old instanceof Snapshot s
          && s.kind == kind
          && s.settings != null
          && s.settings.sameAggregateShape(settings)) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
