package io.mercato.flink.ads;

import io.mercato.core.event.Event;
import io.mercato.flink.types.StreamTypes;
import io.mercato.store.sql.DatabaseConfig;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's ad branch: accepted events → {@link RouteToCampaign} → keyBy(campaign) →
 * {@link UpdateCampaignStats} → {@code (d:campaign, bytes)} for the same Redis sink as the statistics.
 */
public final class CampaignStatsBranch {
  private CampaignStatsBranch() {}

  /**
   * The campaign statistics updates of {@code accepted}, with definitions from the campaign database
   * {@code db}, emitted at most every {@code flushInterval} per campaign.
   */
  public static DataStream<Tuple2<String, byte[]>> of(
      DataStream<Event> accepted, DatabaseConfig db, Duration flushInterval) {
    return of(accepted, new JdbcCampaignDefinitions(db), flushInterval.toMillis());
  }

  /** As {@link #of(DataStream, DatabaseConfig, Duration)} with any definitions source. */
  public static DataStream<Tuple2<String, byte[]>> of(
      DataStream<Event> accepted, CampaignDefinitions definitions, long flushMillis) {
    return accepted
        .flatMap(new RouteToCampaign(definitions), StreamTypes.KEYED_EVENT)
        .name("route-to-campaign")
        .uid("route-to-campaign")
        .keyBy(t -> t.f0, Types.STRING)
        .process(new UpdateCampaignStats(definitions, flushMillis), StreamTypes.STATE_UPDATE)
        .name("campaign-stats")
        .uid("campaign-stats");
  }
}
