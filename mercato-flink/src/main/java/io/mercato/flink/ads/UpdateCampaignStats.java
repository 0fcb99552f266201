package io.mercato.flink.ads;

import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.event.Event;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by campaign id: holds the campaign's {@link CampaignStats} — the aggregate the embedded
 * {@link io.mercato.core.ads.decide.AdLedger} keeps per campaign — folds in every event routed to it
 * ({@link RouteToCampaign}) with {@link CampaignStats#apply} and the current definitions, and emits
 * {@code (d:campaign, bytes)} for the Redis sink at most once per flush tick (coalesced as in
 * {@link io.mercato.flink.ops.UpdateAggregates}, including the end-of-input timer).
 *
 * <p><b>Campaign definitions.</b> Applying an ad event needs the ad's bid (what an impression or
 * click costs), the campaign's zone and budgets (which day it charges, how much is left to charge)
 * and the ad's category. The job reads them from the campaign database the API nodes share
 * ({@link JdbcCampaignDefinitions}), refreshed every second — as the embedded engine applies events
 * with the definitions current when they arrive. A replay after a restore applies the replayed events
 * with the definitions of then, as the embedded engine's journal replay does.
 *
 * <p><b>Spend.</b> The job charges every impression and click it sees, capped at the budgets, so the
 * KPIs' spend is what the embedded engine computes from the same events. A decision's own impression
 * was also charged atomically in Redis by the API node that served it ({@code RedisAdLedger}), which is
 * how concurrent decisions on many nodes stay within budget; the part of the job's spend that did not
 * come from decisions ({@link CampaignStats#unreservedSpendMicros}) is what the API nodes add to their
 * reservations for budget checks.
 *
 * <p>Campaign state never expires (campaigns are few); its Redis key neither.
 */
public final class UpdateCampaignStats
    extends KeyedProcessFunction<String, Tuple2<String, Event>, Tuple2<String, byte[]>> {
  private static final long serialVersionUID = 1L;
  private final CampaignDefinitions definitions;
  private final long flushMillis;
  private transient ValueState<CampaignStats> state;
  private transient LiveDefinitions live;

  /** @param flushMillis how often a changed campaign is emitted at most, at least 1 */
  public UpdateCampaignStats(CampaignDefinitions definitions, long flushMillis) {
    if (flushMillis < 1) {
      throw new IllegalArgumentException(
          "flush interval must be at least 1 ms but was " + flushMillis);
    }
    this.definitions = definitions;
    this.flushMillis = flushMillis;
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("campaign-stats", CampaignStatsSerializer.INSTANCE));
    live = new LiveDefinitions(definitions, System.currentTimeMillis());
  }

  @Override
  public void processElement(
      Tuple2<String, Event> in, Context ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    CampaignStats stats = state.value();
    if (stats == null) {
      stats = new CampaignStats(ctx.getCurrentKey());
    }
    long now = ctx.timerService().currentProcessingTime();
    stats.apply(in.f1, live.at(now));
    state.update(stats);
    ctx.timerService()
        .registerProcessingTimeTimer(now - Math.floorMod(now, flushMillis) + flushMillis);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
    }
    CampaignStats stats = state.value();
    if (stats != null) {
      out.collect(
          Tuple2.of(
              new StateKey(StateKind.CAMPAIGN_ADS, ctx.getCurrentKey()).toString(),
              stats.toByteArray()));
    }
  }

  @Override
  public void close() {
    if (live != null) {
      live.close();
    }
  }
}
