package io.mercato.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.bench.harness.child.Launcher;
import io.mercato.bench.harness.fuzz.FuzzHarness;
import io.mercato.bench.harness.fuzz.FuzzOptions;
import io.mercato.bench.harness.fuzz.FuzzReport;
import io.mercato.bench.harness.fuzz.Violation;
import io.mercato.server.Routes;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's fuzz suite, the short variant of {@code mercato bench fuzz}: 2,000 seeded hostile requests
 * over raw sockets to every route of a {@code mercato serve} child process and to unknown paths, valid
 * events among them; no 5xx, no dropped connection, precise problem documents; then exactly the
 * expected state, after a clean restart and after {@code kill -9} too. A failure lists the seed and
 * each request that broke a rule, so it can be replayed with {@code ./mercato bench fuzz --seed 13}.
 */
class FuzzIT {
  static final long SEED = 13;
  static final int REQUESTS = 2_000;

  @TempDir Path work;

  @Test
  void hostileRequestsToEveryRouteGetPreciseAnswersAndLeaveExactlyTheExpectedState() {
    FuzzReport r =
        new FuzzHarness(
                FuzzOptions.of(
                    SEED,
                    REQUESTS,
                    Launcher.ofJar(
                        Path.of("..", "mercato-app", "target", "mercato.jar"),
                        Launcher.DEFAULT_JVM_OPTIONS),
                    work),
                System.out)
            .run();
    r.print(System.out, REQUESTS);

    assertThat(r.byRoute().keySet())
        .as("every route was fuzzed")
        .containsAll(Routes.ALL.stream().map(Object::toString).toList())
        .contains("(none)");
    assertThat(r.violations())
        .as(
            "seed %d: %d violations, the first:%n%s",
            SEED,
            r.violationCount(),
            r.violations().stream()
                .limit(30)
                .map(Violation::describe)
                .collect(Collectors.joining("\n")))
        .isEmpty();
    assertThat(r.checks())
        .as("state checks")
        .anyMatch(c -> c.startsWith("after a clean restart"))
        .anyMatch(c -> c.startsWith("after kill -9"));
    assertThat(r.requests()).isGreaterThanOrEqualTo(REQUESTS);
  }
}
