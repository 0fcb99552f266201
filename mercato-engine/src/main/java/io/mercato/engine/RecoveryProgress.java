package io.mercato.engine;

import io.mercato.engine.RecoveryStatus.Phase;
import java.time.InstantSource;

/**
 * The recovery thread's progress, read by any thread ({@link #status()}): one writer, volatile
 * fields, so a reader sees each number current but not necessarily all from the same instant. Rates
 * and the ETA come from the injected clock.
 */
final class RecoveryProgress {
  private final InstantSource clock;
  private final long startMillis;
  private volatile Phase phase = Phase.STARTING;
  private volatile long endMillis = Long.MIN_VALUE;
  private volatile long snapshotSequence;
  private volatile long snapshotBytes;
  private volatile int partsLoaded;
  private volatile int parts;
  private volatile long toReplay;
  private volatile long replayed;
  private volatile long replayStartMillis = Long.MIN_VALUE;

  RecoveryProgress(InstantSource clock) {
    this.clock = clock;
    this.startMillis = clock.millis();
  }

  void loadingSnapshot(long sequence, long bytes, int partCount) {
    snapshotSequence = sequence;
    snapshotBytes = bytes;
    parts = partCount;
    phase = Phase.LOADING_SNAPSHOT;
  }

  void partLoaded() {
    partsLoaded++;
  }

  void checkingJournal() {
    phase = Phase.CHECKING_JOURNAL;
  }

  void replaying(long records) {
    toReplay = records;
    replayStartMillis = clock.millis();
    phase = Phase.REPLAYING_JOURNAL;
  }

  /** Called by the one replaying thread. */
  void replayed(long records) {
    replayed = records;
  }

  void done() {
    endMillis = clock.millis();
    phase = Phase.DONE;
  }

  void failed() {
    endMillis = clock.millis();
    phase = Phase.FAILED;
  }

  RecoveryStatus status() {
    Phase p = phase;
    long end = endMillis;
    long now = clock.millis();
    double elapsed = ((end == Long.MIN_VALUE ? now : end) - startMillis) / 1000.0;
    long done = replayed;
    long total = toReplay;
    double rate = 0;
    Double eta = null;
    long replayStart = replayStartMillis;
    if (replayStart != Long.MIN_VALUE) {
      long replayEnd = end == Long.MIN_VALUE ? now : end;
      double seconds = (replayEnd - replayStart) / 1000.0;
      if (seconds > 0 && done > 0) {
        rate = done / seconds;
        if (p == Phase.REPLAYING_JOURNAL) {
          eta = Math.max(0, total - done) / rate;
        }
      }
    }
    return new RecoveryStatus(
        p,
        snapshotSequence,
        snapshotBytes,
        partsLoaded,
        parts,
        done,
        total,
        Math.max(0, elapsed),
        rate,
        eta);
  }
}
