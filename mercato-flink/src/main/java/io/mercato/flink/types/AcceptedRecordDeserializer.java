package io.mercato.flink.types;

import io.mercato.core.time.EffectiveTime;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Reads a Kafka record of the events topic into an {@link AcceptedRecord}: the value, and the record's
 * timestamp as the acceptance time (API nodes set it to their clock when they accept the event; a
 * record without a timestamp gets {@link EffectiveTime#UNKNOWN_ARRIVAL}).
 */
public final class AcceptedRecordDeserializer
    implements KafkaRecordDeserializationSchema<AcceptedRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AcceptedRecord> out) {
    long t = record.timestamp();
    out.collect(
        new AcceptedRecord(
            t == RecordBatch.NO_TIMESTAMP ? EffectiveTime.UNKNOWN_ARRIVAL : t, record.value()));
  }

  @Override
  public TypeInformation<AcceptedRecord> getProducedType() {
    return AcceptedRecord.TYPE;
  }
}
