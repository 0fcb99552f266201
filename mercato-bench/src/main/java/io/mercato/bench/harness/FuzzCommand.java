package io.mercato.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercato.bench.harness.child.Launcher;
import io.mercato.bench.harness.fuzz.FuzzHarness;
import io.mercato.bench.harness.fuzz.FuzzOptions;
import io.mercato.bench.harness.fuzz.FuzzReport;
import io.mercato.bench.harness.fuzz.Violation;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mercato bench fuzz [--requests N] [--seed S] [--json]}: issue 13's fuzz suite ({@link FuzzHarness})
 * against {@code mercato serve} child processes started from this CLI. Exit code 0 when every answer
 * and every state check was right, 1 otherwise, 2 for a bad option.
 */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = {
      "Seeded hostile requests over raw sockets to every route of a mercato serve child process and to "
          + "unknown paths, valid events among them: no 5xx, no dropped connection, problem+json naming the field; then "
          + "the state (counts per type equal the valid events sent) after a clean restart and after kill -9.",
      "A failure prints the seed and the request, to replay it. Exit code 1 on any violation."
    })
public final class FuzzCommand implements Callable<Integer> {
  @Option(
      names = "--requests",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Requests in all, at least 100: four fifths before the clean restart, the rest before the kill -9 "
              + "(default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "The seed of the sequence (default: a random one, printed).")
  Long seed;

  @Option(
      names = "--json",
      description = "Print the result as one JSON object on stdout (the summary goes to stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (requests < 100) {
      System.err.println("--requests must be at least 100 but was " + requests);
      return 2;
    }
    long s = seed != null ? seed : new SecureRandom().nextLong();
    var log = json ? System.err : System.out;
    Path work = HarnessDir.create("mercato-fuzz");
    FuzzReport r =
        new FuzzHarness(
                FuzzOptions.of(s, requests, Launcher.ofThisCli(Launcher.DEFAULT_JVM_OPTIONS), work),
                log)
            .run();
    r.print(log, requests);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("seed", r.seed());
      out.put("requests", r.requests());
      out.put("by_class_and_status", r.byKind());
      out.put("by_route", r.byRoute());
      out.put("state_checks", r.checks());
      out.put("violations", r.violationCount());
      out.put("first_violations", r.violations().stream().map(Violation::describe).toList());
      out.put("passed", r.passed());
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }
    HarnessDir.finish(work, r.passed(), log);
    return r.passed() ? 0 : 1;
  }
}
