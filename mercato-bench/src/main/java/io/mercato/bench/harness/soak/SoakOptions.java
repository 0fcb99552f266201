package io.mercato.bench.harness.soak;

import io.mercato.bench.harness.child.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the crash soak.
 *
 * @param cycles      {@code kill -9} / restart cycles (at least 1)
 * @param senders     threads posting event batches at once (at least 1)
 * @param batch       events per batch (1 to 10,000)
 * @param minRun      shortest load before a kill
 * @param maxRun      longest load before a kill; each cycle kills at a seeded moment in between
 * @param seed        the kill moments' seed
 * @param writes      whether a writer thread also puts catalog items and campaigns
 * @param launcher    how to start {@code mercato serve}
 * @param workDir     data directory and server logs
 * @param environment {@code MERCATO_*} settings for the server, e.g. a shorter snapshot interval
 */
public record SoakOptions(
    int cycles,
    int senders,
    int batch,
    Duration minRun,
    Duration maxRun,
    long seed,
    boolean writes,
    Launcher launcher,
    Path workDir,
    Map<String, String> environment) {
  public SoakOptions {
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(workDir, "workDir");
    environment = Map.copyOf(environment);
    if (cycles < 1 || senders < 1 || batch < 1 || batch > 10_000) {
      throw new IllegalArgumentException(
          "cycles and senders must be at least 1 and batch in 1..10000");
    }
    if (minRun.isNegative() || maxRun.compareTo(minRun) < 0) {
      throw new IllegalArgumentException(
          "the run before a kill must satisfy 0 <= minRun <= maxRun");
    }
  }

  /** Defaults: 3 senders, batches of 100, 3 to 8 s of load per cycle, catalog and campaign writes on. */
  public static SoakOptions of(int cycles, Launcher launcher, Path workDir) {
    return new SoakOptions(
        cycles,
        3,
        100,
        Duration.ofSeconds(3),
        Duration.ofSeconds(8),
        1,
        true,
        launcher,
        workDir,
        Map.of());
  }

  public SoakOptions withEnvironment(Map<String, String> env) {
    return new SoakOptions(
        cycles, senders, batch, minRun, maxRun, seed, writes, launcher, workDir, env);
  }

  public SoakOptions withRun(Duration min, Duration max) {
    return new SoakOptions(
        cycles, senders, batch, min, max, seed, writes, launcher, workDir, environment);
  }
}
