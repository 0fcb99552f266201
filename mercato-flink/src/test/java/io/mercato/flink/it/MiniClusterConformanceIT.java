package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.AdInventory;
import io.mercato.engine.Engine;
import io.mercato.flink.JobConfig;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.ops.DeadLetters;
import io.mercato.flink.ops.EventCounter;
import io.mercato.flink.types.AcceptedRecord;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.sql.DatabaseConfig;
import io.mercato.testkit.ManualClock;
import io.mercato.testkit.infra.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance of the cluster runtime without Kafka: a seeded stream (out-of-order, late, too late,
 * fast client clocks, duplicates, events without ids, poison pills) from a bounded in-memory source
 * through the Flink job
 * (MiniCluster, parallelism 2) into a real Redis, and the same records through the embedded engine;
 * every profile, statistic and deterministic recommendation, and every campaign's KPIs and ad
 * statistics (charged by the campaigns and ads of an H2 campaign database both read), must agree.
 */
class MiniClusterConformanceIT {
  @TempDir Path dir;

  @Test
  void flinkJobWritesWhatTheEmbeddedEngineComputes() throws Exception {
    ConformanceStream stream = Harness.stream(42, 20_000);
    DatabaseConfig db = CampaignFixture.write(dir.resolve("db"), 42);
    AdInventory ads = CampaignFixture.inventory(db);
    ManualClock clock = Harness.clock();
    try (RedisServer redis = RedisServer.start();
        Engine engine = Harness.engine(dir.resolve("engine"), clock, ads)) {
      EngineFeed fed = EngineFeed.feed(engine, clock, stream.records());

      JobConfig cfg =
          JobConfig.builder(RedisConfig.single(redis.uri()))
              .core(Harness.CORE)
              .parallelism(2)
              .checkpointInterval(Duration.ofSeconds(1))
              .db(db)
              .build();
      StreamExecutionEnvironment env = MercatoJob.environment(cfg, true, Harness.noRestarts());
      DataStream<AcceptedRecord> source =
          env.fromData(stream.records(), AcceptedRecord.TYPE).setParallelism(1);
      CollectingSink deadLetters = new CollectingSink();
      MercatoJob.build(source, cfg, MercatoJob.redisSink(cfg), deadLetters);
      long t0 = System.nanoTime();
      JobExecutionResult result = env.execute("conformance");
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "MiniCluster conformance run: %d records in %.1f s (%.0f records/s, incl. job start)%n",
          stream.records().size(), seconds, stream.records().size() / seconds);

      List<String> letters = deadLetters.collected();
      assertThat(fed.tooLate).as("the stream has too-late events").isPositive();
      assertThat(fed.duplicates).as("the stream has duplicates").isPositive();
      assertThat(fed.skewed).as("the stream has events from fast client clocks").isPositive();
      assertThat(
              letters.stream()
                  .filter(l -> l.contains("\"reason\":\"" + DeadLetters.TOO_LATE + "\"")))
          .as("too-late dead letters")
          .hasSize(fed.tooLate);
      assertThat(
              letters.stream()
                  .filter(l -> l.contains("\"reason\":\"" + DeadLetters.INVALID + "\"")))
          .as("invalid dead letters")
          .hasSize(fed.invalid);
      assertThat(letters)
          .allSatisfy(l -> assertThat(l).contains("\"source\":\"kafka:" + cfg.topic() + "\""));
      // The job accounts for every event it read, with the embedded engine's verdicts.
      long read = result.<Long>getAccumulatorResult(EventCounter.READ);
      assertThat(read).isEqualTo(fed.invalid + fed.accepted + fed.duplicates + fed.tooLate);
      assertThat(result.<Long>getAccumulatorResult(EventCounter.ACCEPTED)).isEqualTo(fed.accepted);
      assertThat(result.<Long>getAccumulatorResult(EventCounter.DUPLICATE))
          .isEqualTo(fed.duplicates);
      assertThat(result.<Long>getAccumulatorResult(EventCounter.TOO_LATE)).isEqualTo(fed.tooLate);
      assertThat(result.<Long>getAccumulatorResult(EventCounter.INVALID)).isEqualTo(fed.invalid);
      try (RedisStateStore store = RedisStateStore.connect(cfg.redis())) {
        int compared =
            Conformance.assertSame(engine, store, Harness.CORE.aggregates(), stream.events());
        System.out.printf(
            "compared %d keys; engine: %d accepted, %d duplicates, %d too late, %d invalid, "
                + "%d clock-skewed%n",
            compared, fed.accepted, fed.duplicates, fed.tooLate, fed.invalid, fed.skewed);
        assertThat(compared).isGreaterThan(500);
        int answers =
            RecoConformance.assertSame(engine, store, cfg.reco().config(), stream.events());
        System.out.printf("compared %d recommendation answers%n", answers);
        int campaigns =
            AdsConformance.assertSame(
                engine.ads().ledger(), store, ads, stream.events(), engine.streamTime());
        System.out.printf(
            "compared the KPIs and ad statistics of %d campaigns; null KPI rates: %s%n",
            campaigns, AdsConformance.NULL_REASONS);
        assertThat(AdsConformance.NULL_REASONS)
            .as("a CVR with more conversions than clicks, equal in both runtimes")
            .containsKey("cvr successes_exceed_trials");
        assertThat(campaigns).isEqualTo(ads.campaigns().size());
      }
    }
  }
}
