package io.mercato.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercato.bench.harness.child.Launcher;
import io.mercato.bench.harness.soak.CrashSoak;
import io.mercato.bench.harness.soak.SoakOptions;
import io.mercato.bench.harness.soak.SoakReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mercato bench soak [--cycles N] [--snapshot-interval D] [--json]}: the crash soak
 * ({@link CrashSoak}) against {@code mercato serve} child processes started from this CLI. Exit code 0
 * when nothing acknowledged was lost and nothing counted twice, 1 otherwise, 2 for a bad option.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "kill -9 / restart cycles of a mercato serve child process under concurrent event batches and "
          + "catalog and campaign writes, every acknowledged id recorded: after each restart nothing acknowledged is "
          + "missing; at the end every sent event counts exactly once. Prints each cycle's recovery time.",
      "Exit code 1 on any violation."
    })
public final class SoakCommand implements Callable<Integer> {
  @Option(
      names = "--cycles",
      paramLabel = "N",
      defaultValue = "20",
      description = "kill -9 / restart cycles, at least 1 (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(
      names = "--snapshot-interval",
      paramLabel = "DURATION",
      description =
          "The server's snapshot.interval, e.g. 2s (default: the server's own, 1m: a server killed within "
              + "a minute of starting never snapshots, so each recovery replays the whole journal).")
  String snapshotInterval;

  @Option(
      names = "--json",
      description = "Print the result as one JSON object on stdout (the summary goes to stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (cycles < 1) {
      System.err.println("--cycles must be at least 1 but was " + cycles);
      return 2;
    }
    var log = json ? System.err : System.out;
    Path work = HarnessDir.create("mercato-soak");
    SoakOptions o = SoakOptions.of(cycles, Launcher.ofThisCli(Launcher.DEFAULT_JVM_OPTIONS), work);
    if (snapshotInterval != null) {
      o = o.withEnvironment(Map.of("MERCATO_SNAPSHOT_INTERVAL", snapshotInterval));
    }
    SoakReport r = new CrashSoak(o, log).run();
    r.print(log);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("cycles", r.cycles());
      out.put("violations", r.violations());
      out.put("passed", r.passed());
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }
    HarnessDir.finish(work, r.passed(), log);
    return r.passed() ? 0 : 1;
  }
}
