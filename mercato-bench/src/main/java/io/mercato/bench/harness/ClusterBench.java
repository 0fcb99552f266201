package io.mercato.bench.harness;

import io.mercato.app.config.ConfigLoader;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.node.Node;
import io.mercato.cluster.ClusterSettings;
import io.mercato.core.event.Event;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.flink.CoreSettings;
import io.mercato.flink.JobConfig;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.RunningJob;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.EventBuilder;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The cluster runtime on this machine, against a real Kafka broker and Redis given on the command
 * line ({@code scripts/cluster-infra.sh} starts throwaway ones):
 * <ol>
 *   <li><b>throughput</b>: N synthetic events (100,000 users, 20,000 items, Zipf, realistic mix; N =
 *       300,000, quick 20,000) are produced to a fresh two-partition topic first; then the Flink job
 *       ({@code flink-job --local}: parallelism 2, heap state, checkpoints every 10 s, every aggregate
 *       on) is started on it and Redis is polled until the global partitions count all N. Reported:
 *       events/s from the first event visible in Redis to the last (the steady rate), and the whole
 *       time including job start.</li>
 *   <li><b>freshness</b>: with that job running, an in-process cluster API node takes a paced
 *       background load through {@code POST /v1/events} (2,000 events/s in batches of 100; quick 500)
 *       while a probe POSTs one event of a fresh user at a time and polls Redis for that user's
 *       profile key; freshness is the time from the 202 to the key's first appearance (the 100 ms
 *       coalescing tick of the job is part of it). 300 probes (quick 30).</li>
 * </ol>
 * Keys go under a fresh Redis prefix and the topic is new, so runs never see each other's data.
 *
 * <p>Run: {@code ./scripts/cluster-infra.sh} in one terminal, then
 * {@code ./mercato bench cluster --kafka HOST:PORT --redis redis://HOST:PORT [--quick] [--json]}.
 */
public final class ClusterBench {
  /** Throughput of the job; {@code eventsPerSecond} over the steady part. */
  public record Throughput(
      long events, double steadySeconds, double eventsPerSecond, double totalSeconds) {}

  /** Freshness from 202 to visible in Redis, ms. */
  public record Freshness(
      int probes,
      double backgroundEventsPerSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs) {}

  public record Result(Throughput throughput, Freshness freshness) {}

  private final boolean quick;
  private final String kafka;
  private final String redis;
  private final PrintStream log;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public ClusterBench(boolean quick, String kafka, String redis, PrintStream log) {
    this.quick = quick;
    this.kafka = kafka;
    this.redis = redis;
    this.log = log;
  }

  public Result run() throws Exception {
    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createTempDirectory("mercato-bench-cluster");
    try {
      createTopics(run + ".events", run + ".dead");
      MercatoConfig cfg =
          new ConfigLoader(Map.of(), dir)
              .load(
                  null,
                  List.of(
                      new ConfigOverride("mode", "cluster", "bench"),
                      new ConfigOverride("server.port", "0", "bench"),
                      new ConfigOverride("kafka.bootstrap", kafka, "bench"),
                      new ConfigOverride("kafka.topic", run + ".events", "bench"),
                      new ConfigOverride("kafka.dead-letter-topic", run + ".dead", "bench"),
                      new ConfigOverride("redis.url", redis, "bench"),
                      new ConfigOverride("redis.prefix", run, "bench"),
                      new ConfigOverride(
                          "db.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "bench")))
              .config();
      ClusterSettings cluster = cfg.clusterSettings();
      int n = quick ? 20_000 : 300_000;
      long[] clock = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
      SyntheticTraffic traffic =
          SyntheticTraffic.builder()
              .seed(31)
              .idPrefix(run + "-")
              .users(100_000)
              .items(20_000)
              .clock(() -> Instant.ofEpochMilli(clock[0] += 2))
              .build();
      produce(run + ".events", traffic.next(n));

      JobConfig job =
          JobConfig.builder(cluster.redis())
              .kafka(kafka)
              .topic(run + ".events")
              .deadLetterTopic(run + ".dead")
              .groupId(run)
              .parallelism(2)
              .stateBackend(JobConfig.StateBackend.HEAP)
              .reco(cfg.reco().toRecoConfig())
              .db(cluster.db())
              .checkpointDir(dir.resolve("checkpoints").toString())
              .core(
                  new CoreSettings(
                      cfg.stats(),
                      cfg.profile().toProfileConfig(),
                      cfg.limits(),
                      cfg.dedup().horizon(),
                      cluster.layout().globalPartitions()))
              .build();
      try (RedisStateStore store = RedisStateStore.connect(cluster.redis());
          RunningJob running = MercatoJob.runLocal(job)) {
        Throughput t = throughput(store, cluster.layout(), n, running);
        Freshness f;
        try (var node = Node.start(cfg, () -> Instant.ofEpochMilli(clock[0]))) {
          f = freshness(node.baseUri(), store, traffic, clock);
        }
        return new Result(t, f);
      }
    } finally {
      IngestBench.deleteRecursively(dir);
    }
  }

  private Throughput throughput(
      RedisStateStore store, KeyedAggregates layout, long n, RunningJob job)
      throws InterruptedException {
    long start = System.nanoTime();
    long first = 0;
    long counted = 0;
    long deadline = start + Duration.ofMinutes(quick ? 3 : 20).toNanos();
    while (counted < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the job counted " + counted + " of " + n + " events in time; " + job.status());
      }
      Thread.sleep(20);
      counted = counted(store, layout);
      if (first == 0 && counted > 0) {
        first = System.nanoTime();
      }
    }
    long end = System.nanoTime();
    double steady = (end - first) / 1e9;
    Throughput t = new Throughput(n, steady, n / steady, (end - start) / 1e9);
    log.printf(
        "  throughput: %,d events in %.2f s from the first visible in Redis: %,.0f events/s (%.1f s with job start)%n",
        n, steady, t.eventsPerSecond(), t.totalSeconds());
    return t;
  }

  private static long counted(RedisStateStore store, KeyedAggregates layout) {
    long c = 0;
    for (byte[] b : store.readStates(layout.globalKeys()).values()) {
      c += ((GlobalAggregates) layout.read(StateKind.GLOBAL, b)).allTime().total();
    }
    return c;
  }

  private Freshness freshness(
      URI base, RedisStateStore store, SyntheticTraffic traffic, long[] clock) throws Exception {
    int rate = quick ? 500 : 2_000;
    int batch = 100;
    int probes = quick ? 30 : 300;
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pool.add(EventJson.ndjson(traffic.next(batch)));
    }
    AtomicLong sent = new AtomicLong();
    stop = false;
    Thread background =
        new Thread(
            () -> {
              long interval = 1_000_000_000L * batch / rate;
              long next = System.nanoTime();
              for (int i = 0; !stop; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                try {
                  if (post(base, pool.get(i % pool.size())).statusCode() == 202) {
                    sent.addAndGet(batch);
                  }
                } catch (Exception e) {
                  return;
                }
              }
            },
            "cluster-bench-load");
    long t0 = System.nanoTime();
    background.start();
    Histogram h = new Histogram(60_000_000_000L, 3);
    try {
      for (int p = 0; p < probes; p++) {
        String user = "probe-" + UUID.randomUUID();
        Event e =
            EventBuilder.view()
                .id(user)
                .user(user)
                .item("probe-item")
                .at(Instant.ofEpochMilli(clock[0]))
                .build();
        HttpResponse<String> r = post(base, EventJson.ndjson(List.of(e)));
        if (r.statusCode() != 202) {
          throw new IllegalStateException(
              "probe POST answered " + r.statusCode() + ": " + r.body());
        }
        long acked = System.nanoTime();
        StateKey key = new StateKey(StateKind.USER, user);
        while (store.readState(key).isEmpty()) {
          if (System.nanoTime() - acked > 60_000_000_000L) {
            throw new IllegalStateException("probe " + user + " not visible in Redis within 60 s");
          }
          LockSupport.parkNanos(500_000);
        }
        h.recordValue(System.nanoTime() - acked);
      }
    } finally {
      stop = true;
      background.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Freshness f =
        new Freshness(
            probes,
            sent.get() / seconds,
            h.getValueAtPercentile(50) / 1e6,
            h.getValueAtPercentile(90) / 1e6,
            h.getValueAtPercentile(99) / 1e6,
            h.getMaxValue() / 1e6);
    log.printf(
        "  freshness (202 → visible in Redis) under %,.0f events/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
            + "max %.1f ms (%d probes)%n",
        f.backgroundEventsPerSecond(), f.p50Ms(), f.p90Ms(), f.p99Ms(), f.maxMs(), probes);
    return f;
  }

  private volatile boolean stop;

  private HttpResponse<String> post(URI base, byte[] ndjson) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/events"))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void createTopics(String events, String dead) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
      admin
          .createTopics(
              List.of(new NewTopic(events, 2, (short) 1), new NewTopic(dead, 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private void produce(String topic, List<Event> events) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Event e : events) {
        producer.send(new ProducerRecord<>(topic, e.userId(), EventJson.object(e)));
      }
      producer.flush();
    }
  }
}
