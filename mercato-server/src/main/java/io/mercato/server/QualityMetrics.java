package io.mercato.server;

import io.mercato.core.event.RejectReason;
import io.mercato.core.quality.ArrivalSkew;
import io.mercato.core.quality.DataQuality;
import io.mercato.core.quality.Timeliness;
import io.mercato.core.quality.VolumeState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus side of a node's {@link DataQuality}, and the clock that judges silent series:
 * every {@value #EVALUATE_SECONDS} s the volume monitor is brought up to now, so a tracker that
 * stopped sending is flagged even though nothing arrives to trigger it. Meters (README "Operations"):
 *
 * <ul>
 *   <li>{@code mercato_quality_read_total{source}} and {@code mercato_quality_records_total{source,
 *       outcome}} (outcome {@code accepted}, {@code duplicate}, {@code sampled}, or a reject reason):
 *       per source, read equals the sum over outcomes;</li>
 *   <li>{@code mercato_quality_rejects_total{reason,field}};</li>
 *   <li>{@code mercato_quality_lateness_total{lateness}} ({@code on_time}, {@code late},
 *       {@code very_late}, {@code too_late}; where this node judges lateness);</li>
 *   <li>{@code mercato_quality_arrival_skew_seconds{quantile}} (0.5, 0.9, 0.99 of arrival − event
 *       time over the last one to two skew periods) and {@code mercato_quality_events_ahead_total};</li>
 *   <li>{@code mercato_quality_items_checked_total} and {@code mercato_quality_unknown_items_total}
 *       (where there is a catalog);</li>
 *   <li>{@code mercato_quality_volume_drops_total} (a series became flagged: alert on its increase),
 *       {@code mercato_quality_volume_flagged} (series flagged now) and
 *       {@code mercato_quality_volume_drop{type,source}} (1 while that series is flagged, else 0).</li>
 * </ul>
 */
final class QualityMetrics implements AutoCloseable, DataQuality.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(QualityMetrics.class);
  static final long EVALUATE_SECONDS = 15;
  private static final List<String> OUTCOMES = outcomes();

  private final DataQuality quality;
  private final MeterRegistry registry;
  private final MultiGauge drops;
  private final ScheduledExecutorService evaluator;
  private volatile ArrivalSkew.Summary
      skew; // computed at most once a second for the three quantile gauges
  private volatile long skewAtNanos;

  private QualityMetrics(DataQuality quality, MeterRegistry registry) {
    this.quality = quality;
    this.registry = registry;
    this.drops =
        MultiGauge.builder("mercato.quality.volume.drop")
            .description(
                "1 while the (type, source) series' recent rate is below the drop fraction of its baseline, else 0")
            .register(registry);
    this.evaluator =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mercato-quality");
              t.setDaemon(true);
              return t;
            });
  }

  /** Registers the meters of {@code quality} in {@code registry} and starts the periodic evaluation. */
  static QualityMetrics bind(DataQuality quality, MeterRegistry registry) {
    QualityMetrics m = new QualityMetrics(quality, registry);
    m.registerFixed();
    quality.listener(m);
    m.evaluator.scheduleWithFixedDelay(
        m::evaluate, EVALUATE_SECONDS, EVALUATE_SECONDS, TimeUnit.SECONDS);
    return m;
  }

  private void registerFixed() {
    if (quality.judgesLateness()) {
      for (Timeliness t : Timeliness.values()) {
        FunctionCounter.builder("mercato.quality.lateness", quality, q -> q.timeliness(t))
            .tag("lateness", t.code())
            .description(
                "Valid events by how their time stood against the newest event time when they arrived")
            .register(registry);
      }
    }
    for (String q : List.of("0.5", "0.9", "0.99")) {
      double p = Double.parseDouble(q);
      ToDoubleFunction<QualityMetrics> f = m -> m.quantile(p);
      Gauge.builder("mercato.quality.arrival.skew", this, f)
          .tag("quantile", q)
          .baseUnit("seconds")
          .description(
              "Quantile of arrival minus event time of valid events over the last one to two skew periods"
                  + " (negative: ahead of the server clock)")
          .register(registry);
    }
    FunctionCounter.builder("mercato.quality.events.ahead", quality, q -> q.skewSummary().ahead())
        .description("Valid events whose time was ahead of the server clock when they arrived")
        .register(registry);
    if (quality.checksItems()) {
      FunctionCounter.builder("mercato.quality.items.checked", quality, DataQuality::itemsChecked)
          .description("Valid events whose item_id was checked against a non-empty catalog")
          .register(registry);
      FunctionCounter.builder("mercato.quality.unknown.items", quality, DataQuality::unknownItems)
          .description(
              "Valid events naming an item the catalog has no entry for (counted while it has entries)")
          .register(registry);
    }
    FunctionCounter.builder("mercato.quality.volume.drops", quality, q -> q.volume().drops())
        .description(
            "Times a (type, source) series' rate fell below the drop fraction of its baseline")
        .register(registry);
    Gauge.builder("mercato.quality.volume.flagged", quality, q -> q.volume().flagged())
        .description("(type, source) series flagged as a volume drop now")
        .register(registry);
  }

  private double quantile(double p) {
    long now = System.nanoTime(); // a cache age, not a domain time
    ArrivalSkew.Summary s = skew;
    if (s == null || now - skewAtNanos > 1_000_000_000L) {
      s = quality.skewSummary();
      skew = s;
      skewAtNanos = now;
    }
    return p == 0.5 ? s.p50() : p == 0.9 ? s.p90() : s.p99();
  }

  @Override
  public void newSource(String source) {
    FunctionCounter.builder("mercato.quality.read", quality, q -> q.count(source, "read"))
        .tag("source", source)
        .description(
            "Records an ingestion path read, per source: the sum of mercato_quality_records_total")
        .register(registry);
    for (String outcome : OUTCOMES) {
      FunctionCounter.builder("mercato.quality.records", quality, q -> q.count(source, outcome))
          .tags(Tags.of("source", source, "outcome", outcome))
          .description(
              "Records per source by outcome: accepted, duplicate, sampled or a reject reason")
          .register(registry);
    }
  }

  @Override
  public void newReject(RejectReason reason, String field) {
    FunctionCounter.builder("mercato.quality.rejects", quality, q -> q.rejects(reason, field))
        .tags(Tags.of("reason", reason.code(), "field", field))
        .description(
            "Rejected events per reason and field (an event with errors on several fields counts on each)")
        .register(registry);
  }

  /** Brings the volume monitor up to now and publishes every series' flag. */
  void evaluate() {
    try {
      List<VolumeState> states = quality.volume().evaluate();
      drops.register(
          states.stream()
              .map(
                  v ->
                      MultiGauge.Row.of(
                          Tags.of("type", v.type(), "source", v.source()),
                          v.status() == VolumeState.Status.DROP ? 1 : 0))
              .toList(),
          true);
    } catch (RuntimeException e) {
      LOG.error("data-quality evaluation failed; will retry", e);
    }
  }

  private static List<String> outcomes() {
    List<String> o = new ArrayList<>(List.of("accepted", "duplicate", "sampled"));
    for (RejectReason r : RejectReason.values()) {
      o.add(r.code());
    }
    return List.copyOf(o);
  }

  @Override
  public void close() {
    evaluator.shutdownNow();
  }
}
