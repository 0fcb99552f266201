package io.mercato.bench.harness.fuzz;

import io.mercato.bench.harness.child.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the fuzz suite.
 *
 * @param seed           the sequence's seed
 * @param requests       how many requests in all (at least 100); four fifths before the clean restart,
 *                       the rest before the {@code kill -9}
 * @param launcher       how to start {@code mercato serve}
 * @param workDir        where the data directory and the server logs go (kept when the run fails)
 * @param requestTimeout longest wait for the next bytes of an answer (a stalled body waits twice as long)
 * @param background     requests that trickle their body run on this many threads beside the sequence
 */
public record FuzzOptions(
    long seed,
    int requests,
    Launcher launcher,
    Path workDir,
    Duration requestTimeout,
    int background) {
  public FuzzOptions {
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requests < 100) {
      throw new IllegalArgumentException("requests must be at least 100 but was " + requests);
    }
    if (background < 1) {
      throw new IllegalArgumentException("background must be at least 1 but was " + background);
    }
  }

  /** The defaults: 30 s per answer, 4 background threads. */
  public static FuzzOptions of(long seed, int requests, Launcher launcher, Path workDir) {
    return new FuzzOptions(seed, requests, launcher, workDir, Duration.ofSeconds(30), 4);
  }
}
