package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.DedupConfig;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.flink.CoreSettings;
import io.mercato.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/** Shared settings of the conformance tests: short windows so that a few hours of events cover them. */
final class Harness {
  /** Windows up to 6 h with 5 min lateness: too late means older than newest − 6 h 5 min. */
  static final StatsConfig STATS =
      new StatsConfig(
          "1m,10m,1h,6h",
          Duration.ofMinutes(5),
          10,
          "campaign_id+category,ad_id+attributes.placement");

  static final CoreSettings CORE =
      new CoreSettings(
          STATS, ProfileConfig.defaults(), EventLimits.defaults(), Duration.ofHours(24), 4);

  /** Event time of the first event: two days ago, so that the future-timestamp limit never applies. */
  static final Instant START =
      Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  private Harness() {}

  static ConformanceStream stream(long seed, int n) {
    return ConformanceStream.generate(seed, n, START, Duration.ofHours(6), STATS.allowedLateness());
  }

  /** A clock for {@link #engine}: {@link EngineFeed} moves it to each record's acceptance time. */
  static ManualClock clock() {
    return new ManualClock(START);
  }

  /** An embedded engine with the same settings as {@link #CORE}, two shards, ready, on {@code clock}. */
  static Engine engine(Path dir, ManualClock clock) {
    return engine(dir, clock, null);
  }

  /** As {@link #engine(Path, ManualClock)}, applying ad events with the definitions of {@code ads} (null: none). */
  static Engine engine(Path dir, ManualClock clock, AdInventory ads) {
    EngineConfig d = EngineConfig.defaults(dir);
    EngineConfig c =
        new EngineConfig(
            dir,
            2,
            100_000,
            new JournalConfig(1 << 20, FsyncPolicy.GROUP, Duration.ofMillis(2), Duration.ZERO),
            new SnapshotConfig(Duration.ofHours(1), 2),
            new DedupConfig(CORE.dedupHorizon(), 5_000_000),
            CORE.limits(),
            STATS,
            d.sampling(),
            CORE.profile());
    Engine e = Engine.start(c, clock, new SimpleMeterRegistry(), ads);
    assertThat(e.awaitReady(Duration.ofSeconds(60))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  /** Flink options of tests: a failure fails the test instead of restarting forever. */
  static Configuration noRestarts() {
    Configuration c = new Configuration();
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return c;
  }
}
