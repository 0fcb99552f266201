package io.mercato.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The recovery's gauges, read from its status at each scrape: {@code mercato_recovery_replayed_records}
 * and {@code mercato_recovery_total_records} (journal records replayed, and to replay), {@code
 * mercato_recovery_progress_ratio} (0 to 1; 1 once done), {@code mercato_recovery_eta_seconds} (NaN
 * when unknown), {@code mercato_recovery_seconds} (so far, or how long the last one took) and
 * {@code mercato_recovery_phase{phase}} (1 for the current phase, 0 for the others).
 */
final class RecoveryMetrics {
  private RecoveryMetrics() {}

  /** Registers the gauges of {@code progress}, which the engine holds (gauges keep only a weak reference). */
  static void register(MeterRegistry meters, RecoveryProgress progress) {
    Gauge.builder("mercato.recovery.replayed.records", progress, s -> s.status().replayed())
        .description("Journal records replayed by the recovery in progress (or the last one)")
        .register(meters);
    Gauge.builder("mercato.recovery.total.records", progress, s -> s.status().toReplay())
        .description("Journal records the recovery has to replay (known once the journal is open)")
        .register(meters);
    Gauge.builder("mercato.recovery.progress.ratio", progress, s -> s.status().replayFraction())
        .description("Share of the journal tail replayed, 0 to 1; 1 once recovered")
        .register(meters);
    Gauge.builder(
            "mercato.recovery.eta.seconds",
            progress,
            s -> {
              Double eta = s.status().etaSeconds();
              return eta == null ? Double.NaN : eta;
            })
        .description(
            "Estimated seconds until the replay ends, from its rate so far; NaN when unknown")
        .register(meters);
    Gauge.builder("mercato.recovery", progress, s -> s.status().elapsedSeconds())
        .baseUnit("seconds")
        .description("Time the recovery has taken so far, or took")
        .register(meters);
    for (RecoveryStatus.Phase p : RecoveryStatus.Phase.values()) {
      Gauge.builder("mercato.recovery.phase", progress, s -> s.status().phase() == p ? 1 : 0)
          .tag("phase", p.code())
          .description("1 for the phase the recovery is in (done once recovered)")
          .register(meters);
    }
  }
}
