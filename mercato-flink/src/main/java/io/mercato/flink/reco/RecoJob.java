package io.mercato.flink.reco;

import io.mercato.core.event.Event;
import io.mercato.flink.CoreSettings;
import io.mercato.flink.types.StreamTypes;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The recommendation branch of the job ({@link UpdateRecommendations}), wired by
 * {@code MercatoJob.build}; it receives the settings it needs rather than the job's configuration.
 */
public final class RecoJob {
  private RecoJob() {}

  /**
   * The recommendation writer over {@code parsed} (validated events in source order, with
   * watermarks): one instance on a constant key, emitting {@code (state key, value)} for the Redis sink,
   * partitioned by state key so that the values of one key reach Redis in the order they were made.
   *
   * @param core          the aggregates' settings the API nodes share
   * @param reco          the recommendation settings (the API nodes' {@code reco.*})
   * @param flushInterval how often changed values are emitted at most
   */
  public static DataStream<Tuple2<String, byte[]>> recommendations(
      DataStream<Event> parsed, CoreSettings core, RecoSettings reco, Duration flushInterval) {
    return parsed
        .keyBy(e -> UpdateRecommendations.KEY, Types.STRING)
        .process(new UpdateRecommendations(core, reco, flushInterval), StreamTypes.STATE_UPDATE)
        .name("recommendations")
        .uid("recommendations")
        .setParallelism(1)
        .setMaxParallelism(1)
        // Each key to one sink instance, always the same: with round-robin, two ticks' values of a
        // key
        // sat in different instances' buffers and an older one could be written after a newer one.
        .partitionCustom((key, sinks) -> Math.floorMod(key.hashCode(), sinks), t -> t.f0);
  }
}
