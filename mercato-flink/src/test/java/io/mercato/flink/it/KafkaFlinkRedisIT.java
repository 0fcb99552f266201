package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKind;
import io.mercato.engine.Engine;
import io.mercato.flink.JobConfig;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.RunningJob;
import io.mercato.flink.ops.DeadLetters;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.testkit.ManualClock;
import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka → Flink (MiniCluster) → Redis against the embedded engine fed the same records, with a real
 * KRaft broker and a real redis-server: the plain run, and a run cancelled mid-stream after a
 * completed checkpoint and restored from that retained checkpoint. The events topic has one
 * partition, so the too-late decisions follow one order, as in the embedded engine.
 */
class KafkaFlinkRedisIT {
  static final Duration PATIENCE = Duration.ofSeconds(120);
  @TempDir static Path dir;
  static KafkaBroker kafka;
  static RedisServer redis;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
    redis = RedisServer.start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  JobConfig config(String name) {
    return JobConfig.builder(
            new RedisConfig(
                List.of(redis.uri()), false, name, RedisConfig.DEFAULT_TTL, Duration.ofSeconds(5)))
        .kafka(kafka.bootstrap())
        .topic(name + ".events")
        .deadLetterTopic(name + ".dead")
        .groupId(name)
        .core(Harness.CORE)
        .parallelism(2)
        .checkpointInterval(Duration.ofMillis(500))
        .build();
  }

  @Test
  void kafkaToRedisEqualsTheEmbeddedEngine() throws Exception {
    JobConfig cfg = config("plain");
    ConformanceStream stream = Harness.stream(7, 15_000);
    kafka.createTopic(cfg.topic(), 1);
    kafka.createTopic(cfg.deadLetterTopic(), 1);
    KafkaFeed.produce(kafka.bootstrap(), cfg.topic(), stream.records());
    ManualClock clock = Harness.clock();
    try (Engine engine = Harness.engine(dir.resolve("engine-plain"), clock);
        RedisStateStore store = RedisStateStore.connect(cfg.redis())) {
      EngineFeed fed = EngineFeed.feed(engine, clock, stream.records());
      long t0 = System.nanoTime();
      try (RunningJob job = MercatoJob.start(cfg, true, Harness.noRestarts())) {
        awaitCounted(store, fed.accepted, job);
        System.out.printf(
            "Kafka → Flink → Redis: %d records counted in %.1f s (incl. job start)%n",
            stream.records().size(), (System.nanoTime() - t0) / 1e9);
        awaitConformance(engine, store, stream);
        awaitRecoConformance(engine, store, cfg, stream);
        List<String> letters =
            KafkaFeed.consume(
                kafka.bootstrap(), cfg.deadLetterTopic(), fed.invalid + fed.tooLate, PATIENCE);
        assertThat(
                letters.stream()
                    .filter(l -> l.contains("\"reason\":\"" + DeadLetters.TOO_LATE + "\"")))
            .hasSize(fed.tooLate);
        assertThat(
                letters.stream()
                    .filter(l -> l.contains("\"reason\":\"" + DeadLetters.INVALID + "\"")))
            .hasSize(fed.invalid);
        assertThat(letters)
            .allSatisfy(l -> assertThat(l).contains("\"source\":\"kafka:" + cfg.topic() + "\""));
      }
    }
  }

  @Test
  void cancelledMidStreamAndRestoredFromTheLastCheckpointCountsEveryEventOnce() throws Exception {
    JobConfig cfg =
        config("restore").toBuilder()
            .stateBackend(JobConfig.StateBackend.ROCKSDB)
            .checkpointDir(dir.resolve("checkpoints").toString())
            .checkpointInterval(Duration.ofMillis(300))
            .build();
    ConformanceStream stream = Harness.stream(11, 30_000);
    kafka.createTopic(cfg.topic(), 1);
    kafka.createTopic(cfg.deadLetterTopic(), 1);
    KafkaFeed.produce(kafka.bootstrap(), cfg.topic(), stream.records());
    ManualClock clock = Harness.clock();
    try (Engine engine = Harness.engine(dir.resolve("engine-restore"), clock);
        RedisStateStore store = RedisStateStore.connect(cfg.redis())) {
      EngineFeed fed = EngineFeed.feed(engine, clock, stream.records());
      long countedAtCancel;
      try (RunningJob first = MercatoJob.start(cfg, true, Harness.noRestarts())) {
        awaitCheckpointWithProgress(store, cfg, first);
        first.cancel();
        countedAtCancel = counted(store);
      }
      assertThat(countedAtCancel).as("cancelled mid-stream").isPositive().isLessThan(fed.accepted);
      Path checkpoint = latestCheckpoint(Path.of(cfg.checkpointDir())).orElseThrow();
      JobConfig resumed = cfg.toBuilder().restoreFrom(checkpoint.toString()).build();
      try (RunningJob second = MercatoJob.start(resumed, true, Harness.noRestarts())) {
        awaitCounted(store, fed.accepted, second);
        awaitConformance(engine, store, stream);
        System.out.printf(
            "restored from %s after %d of %d events were counted%n",
            checkpoint.getFileName(), countedAtCancel, fed.accepted);
      }
    }
  }

  /**
   * The rebuild runbook (README, "Rebuilding Redis"): Redis loses the state (here every key of the
   * prefix is deleted, as a FLUSHDB or a restart without persistence would), and a fresh job — a new
   * consumer group, no checkpoint — replays the events topic from its earliest offset and writes
   * everything again. Runs against a three-master Redis Cluster, so the job's writes and the reads
   * cross slots and nodes.
   */
  @Test
  void redisClusterLosingItsStateIsRebuiltByReplayingKafka() throws Exception {
    try (RedisServer cluster = RedisServer.startCluster(3)) {
      RedisConfig onCluster =
          new RedisConfig(
              cluster.uris(), true, "rebuild", RedisConfig.DEFAULT_TTL, Duration.ofSeconds(5));
      JobConfig cfg = config("rebuild").toBuilder().redis(onCluster).build();
      ConformanceStream stream = Harness.stream(13, 8_000);
      kafka.createTopic(cfg.topic(), 1);
      kafka.createTopic(cfg.deadLetterTopic(), 1);
      KafkaFeed.produce(kafka.bootstrap(), cfg.topic(), stream.records());
      ManualClock clock = Harness.clock();
      try (Engine engine = Harness.engine(dir.resolve("engine-rebuild"), clock);
          RedisStateStore store = RedisStateStore.connect(onCluster)) {
        EngineFeed fed = EngineFeed.feed(engine, clock, stream.records());
        try (RunningJob job = MercatoJob.start(cfg, true, Harness.noRestarts())) {
          awaitCounted(store, fed.accepted, job);
          awaitConformance(engine, store, stream);
        }
        assertThat(store.deleteAll()).as("keys lost").isPositive();
        assertThat(counted(store)).isZero();
        JobConfig replay = cfg.toBuilder().groupId("rebuild-replay").build();
        try (RunningJob job = MercatoJob.start(replay, true, Harness.noRestarts())) {
          awaitCounted(store, fed.accepted, job);
          awaitConformance(engine, store, stream);
          awaitRecoConformance(engine, store, cfg, stream);
        }
      }
    }
  }

  /** Waits until the global partitions in Redis count {@code expected} events (never more). */
  private static void awaitCounted(RedisStateStore store, long expected, RunningJob job)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long n = counted(store);
    while (n < expected && System.nanoTime() < deadline) {
      assertThat(job.status())
          .as("job status")
          .isIn(JobStatus.RUNNING, JobStatus.CREATED, JobStatus.INITIALIZING);
      Thread.sleep(100);
      n = counted(store);
    }
    assertThat(n).as("events counted in Redis").isEqualTo(expected);
  }

  /** Events counted by the global partitions in Redis. */
  private static long counted(RedisStateStore store) {
    KeyedAggregates ka = Harness.CORE.aggregates();
    long n = 0;
    for (byte[] b : store.readStates(ka.globalKeys()).values()) {
      n += ((GlobalAggregates) ka.read(StateKind.GLOBAL, b)).allTime().total();
    }
    return n;
  }

  /**
   * Redis converges: once the globals count everything, the other keys' last ticks follow within a
   * flush interval or two. Retries the full comparison until it holds or the patience runs out.
   */
  private static void awaitConformance(
      Engine engine, RedisStateStore store, ConformanceStream stream) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        Conformance.assertSame(engine, store, Harness.CORE.aggregates(), stream.events());
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** As {@link #awaitConformance}, for the recommendation values ({@link RecoConformance}). */
  private static void awaitRecoConformance(
      Engine engine, RedisStateStore store, JobConfig cfg, ConformanceStream stream)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        int n = RecoConformance.assertSame(engine, store, cfg.reco().config(), stream.events());
        System.out.printf("%d recommendation answers equal the embedded engine's%n", n);
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Waits for a completed checkpoint taken after Redis showed some, but not all, events counted. */
  private static void awaitCheckpointWithProgress(
      RedisStateStore store, JobConfig cfg, RunningJob job) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (counted(store) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Optional<Path> before = latestCheckpoint(Path.of(cfg.checkpointDir()));
    while (System.nanoTime() < deadline) {
      Optional<Path> now = latestCheckpoint(Path.of(cfg.checkpointDir()));
      if (now.isPresent() && !now.equals(before)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no checkpoint completed within " + PATIENCE + "; job " + job.status());
  }

  /** The retained checkpoint with the highest number ({@code <dir>/<job id>/chk-N} with its metadata). */
  static Optional<Path> latestCheckpoint(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(root, 3)) {
      return s.filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(4))));
    }
  }
}
