package io.mercato.flink.types;

import io.mercato.core.time.EffectiveTime;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One record of the events topic as the job reads it: its value (one JSON event, or an array) and
 * when an API node accepted it, the record's Kafka timestamp. The acceptance time is the arrival from
 * which every event's effective time is computed ({@link EffectiveTime}), so replaying the topic gives
 * the same statistics whenever it runs.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), serialized by Flink's POJO serializer,
 * never by Kryo.
 */
public final class AcceptedRecord {
  /** The type information of this class. */
  public static final TypeInformation<AcceptedRecord> TYPE = Types.POJO(AcceptedRecord.class);

  /** Epoch milliseconds the record was accepted, or {@link EffectiveTime#UNKNOWN_ARRIVAL}. */
  public long acceptedMillis;

  /** The record's value; null for a record without one. */
  public byte[] value;

  /** For Flink's POJO serializer. */
  public AcceptedRecord() {}

  public AcceptedRecord(long acceptedMillis, byte[] value) {
    this.acceptedMillis = acceptedMillis;
    this.value = value;
  }

  /** A record without an acceptance time: its events count at their own timestamps. */
  public static AcceptedRecord unstamped(byte[] value) {
    return new AcceptedRecord(EffectiveTime.UNKNOWN_ARRIVAL, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AcceptedRecord r
        && r.acceptedMillis == acceptedMillis
        && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(acceptedMillis, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "AcceptedRecord[acceptedMillis="
        + acceptedMillis
        + ", "
        + (value == null ? 0 : value.length)
        + " bytes]";
  }
}
