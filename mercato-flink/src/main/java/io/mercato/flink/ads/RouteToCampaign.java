package io.mercato.flink.ads;

import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.event.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Sends an accepted event to the campaign it counts toward ({@link CampaignStats#campaignOf}: its
 * {@code campaign_id}, or the campaign of the ad an impression or click names), as
 * {@code (campaign id, event)}; events of no campaign are dropped here (they count in the statistics).
 */
public final class RouteToCampaign extends RichFlatMapFunction<Event, Tuple2<String, Event>> {
  private static final long serialVersionUID = 1L;
  private final CampaignDefinitions definitions;
  private transient LiveDefinitions live;

  public RouteToCampaign(CampaignDefinitions definitions) {
    this.definitions = definitions;
  }

  @Override
  public void open(OpenContext context) {
    live = new LiveDefinitions(definitions, System.currentTimeMillis());
  }

  @Override
  public void flatMap(Event e, Collector<Tuple2<String, Event>> out) {
    if (e.campaignId() == null && e.adId() == null) {
      return;
    }
    String campaign = CampaignStats.campaignOf(e, live.at(System.currentTimeMillis()));
    if (campaign != null) {
      out.collect(Tuple2.of(campaign, e));
    }
  }

  @Override
  public void close() {
    if (live != null) {
      live.close();
    }
  }
}
