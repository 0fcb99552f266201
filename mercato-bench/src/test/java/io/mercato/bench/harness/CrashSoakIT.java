package io.mercato.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.bench.harness.child.Launcher;
import io.mercato.bench.harness.soak.CrashSoak;
import io.mercato.bench.harness.soak.SoakOptions;
import io.mercato.bench.harness.soak.SoakReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3 (ARCHITECTURE.md §4), the short variant of {@code mercato bench soak}: three
 * {@code kill -9} / restart cycles of a {@code mercato serve} child process under three concurrent
 * senders and a catalog and campaign writer, every acknowledged id recorded. After each restart the
 * counts per type lie between what was acknowledged and what was sent and every acknowledged write is
 * there; at the end every acknowledged event re-sent is a duplicate, and once every sent event was
 * re-sent the counts per type equal exactly what was sent, also after a clean restart. The server
 * snapshots every 2 s, so the kills land both before and after snapshots.
 */
class CrashSoakIT {
  @TempDir Path work;

  @Test
  void killCyclesUnderLoadLoseNothingAcknowledgedAndCountNothingTwice() throws Exception {
    SoakOptions o =
        new SoakOptions(
            3,
            3,
            100,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            7,
            true,
            Launcher.ofJar(
                Path.of("..", "mercato-app", "target", "mercato.jar"),
                Launcher.DEFAULT_JVM_OPTIONS),
            work,
            Map.of("MERCATO_SNAPSHOT_INTERVAL", "2s"));
    SoakReport r = new CrashSoak(o, System.out).run();
    r.print(System.out);

    assertThat(r.cycles()).hasSize(3);
    assertThat(r.cycles())
        .allSatisfy(
            c ->
                assertThat(c.acked())
                    .as("events acknowledged in cycle %d", c.cycle())
                    .isPositive());
    assertThat(r.violations()).as("violations (data and server logs in %s)", work).isEmpty();
  }
}
