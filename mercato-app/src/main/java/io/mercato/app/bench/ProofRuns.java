package io.mercato.app.bench;

import io.mercato.app.bench.child.Launcher;
import io.mercato.app.bench.fuzz.FuzzHarness;
import io.mercato.app.bench.fuzz.FuzzOptions;
import io.mercato.app.bench.fuzz.FuzzReport;
import io.mercato.app.bench.fuzz.Violation;
import io.mercato.app.bench.soak.CrashSoak;
import io.mercato.app.bench.soak.SoakOptions;
import io.mercato.app.bench.soak.SoakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code mercato bench fuzz} and {@code mercato bench soak}: the correctness harnesses of issue 13, run
 * against {@code mercato serve} child processes started from this CLI. Unlike the benchmarks they
 * have a verdict: the exit code is 1 when a rule was broken. Their data directories and server logs
 * go to a temporary directory, deleted when the run passed and kept (and named) when it failed.
 */
final class ProofRuns {
  private ProofRuns() {}

  /**
   * The fuzz suite.
   *
   * @param out the result for {@code --json}, filled in here
   * @return the exit code: 0 when every answer and every state check was right, 1 otherwise
   */
  static int fuzz(int requests, long seed, PrintStream log, Map<String, Object> out) {
    Path work = tempDir("mercato-fuzz");
    FuzzReport r = new FuzzHarness(FuzzOptions.of(seed, requests, Launcher.ofThisCli(Launcher.DEFAULT_JVM_OPTIONS),
        work), log).run();
    r.print(log, requests);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seed", r.seed());
    result.put("requests", r.requests());
    result.put("by_class_and_status", r.byKind());
    result.put("state_checks", r.checks());
    result.put("violations", r.violationCount());
    result.put("first_violations", r.violations().stream().map(Violation::describe).toList());
    result.put("passed", r.passed());
    out.put("fuzz", result);
    finish(work, r.passed(), log);
    return r.passed() ? 0 : 1;
  }

  /**
   * The crash soak.
   *
   * @param snapshotInterval the server's {@code snapshot.interval}, or null for its default
   */
  static int soak(int cycles, String snapshotInterval, PrintStream log, Map<String, Object> out)
      throws InterruptedException {
    Path work = tempDir("mercato-soak");
    SoakOptions o = SoakOptions.of(cycles, Launcher.ofThisCli(Launcher.DEFAULT_JVM_OPTIONS), work);
    if (snapshotInterval != null) {
      o = o.withEnvironment(Map.of("MERCATO_SNAPSHOT_INTERVAL", snapshotInterval));
    }
    SoakReport r = new CrashSoak(o, log).run();
    r.print(log);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cycles", r.cycles());
    result.put("violations", r.violations());
    result.put("passed", r.passed());
    out.put("soak", result);
    finish(work, r.passed(), log);
    return r.passed() ? 0 : 1;
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private static void finish(Path work, boolean passed, PrintStream log) {
    if (!passed) {
      log.println("data directory and server logs kept in " + work);
      return;
    }
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.println("could not delete " + work + ": " + e.getMessage());
    }
  }
}
