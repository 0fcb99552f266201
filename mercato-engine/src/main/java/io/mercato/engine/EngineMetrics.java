package io.mercato.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The engine's counters and timers, registered once with the meter registry. */
final class EngineMetrics {
  final Counter accepted;
  final Counter duplicates;
  final Counter sampled;
  final Counter tooLate;
  final Counter skewed;
  final Counter backpressure;
  final Timer durableWait;
  final Timer append;
  final Timer fsync;
  final Timer snapshot;
  final Timer snapshotIngestPause;

  EngineMetrics(MeterRegistry meters) {
    this.accepted =
        Counter.builder("mercato.events.accepted")
            .description("Events accepted and journaled")
            .register(meters);
    this.duplicates =
        Counter.builder("mercato.events.duplicates")
            .description("Events dropped as duplicates of an event_id within the dedup horizon")
            .register(meters);
    this.sampled =
        Counter.builder("mercato.events.sampled")
            .description("Events acknowledged but not stored because of ingestion sampling")
            .register(meters);
    this.tooLate =
        Counter.builder("mercato.events.too.late")
            .description(
                "Events rejected because they are older than the longest window plus the allowed lateness")
            .register(meters);
    this.skewed =
        Counter.builder("mercato.events.clock.skewed")
            .description(
                "Valid events received with a timestamp more than stats.max-lead ahead of their arrival; "
                    + "they count at arrival + max-lead")
            .register(meters);
    this.backpressure =
        Counter.builder("mercato.ingest.backpressure")
            .description("Batches refused because shard queues were full")
            .register(meters);
    this.durableWait =
        Timer.builder("mercato.journal.durable.wait")
            .description("Time an ingest waits for its batch to become durable (group commit)")
            .publishPercentileHistogram()
            .register(meters);
    this.append =
        Timer.builder("mercato.journal.append")
            .description(
                "Time to dedup and append one batch to the journal (under the ingest lock)")
            .publishPercentileHistogram()
            .register(meters);
    this.fsync =
        Timer.builder("mercato.journal.fsync")
            .description("Duration of each journal fsync")
            .publishPercentileHistogram()
            .register(meters);
    this.snapshot =
        Timer.builder("mercato.snapshot")
            .description("Time to take a snapshot, from the start to the file being durable")
            .register(meters);
    this.snapshotIngestPause =
        Timer.builder("mercato.snapshot.ingest.pause")
            .description(
                "Time a snapshot holds the ingest lock (and ad decisions) to fix the journal sequence it covers")
            .register(meters);
  }
}
