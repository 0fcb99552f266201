package io.mercato.flink.types;

import io.mercato.core.event.Event;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

/**
 * The record types that cross the job's branches: the job ({@code MercatoJob}) and its statistics,
 * campaign and recommendation branches all name them here, so no branch imports the job that wires it.
 */
public final class StreamTypes {
  /** Type of the fan-out records: state key and event. */
  public static final TypeInformation<Tuple2<String, Event>> KEYED_EVENT =
      new TupleTypeInfo<>(Types.STRING, EventTypeInfo.INSTANCE);

  /** Type of the aggregate updates: state key and aggregate bytes. */
  public static final TypeInformation<Tuple2<String, byte[]>> STATE_UPDATE =
      new TupleTypeInfo<>(Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private StreamTypes() {}
}
