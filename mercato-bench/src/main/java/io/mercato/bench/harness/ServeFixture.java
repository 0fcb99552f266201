package io.mercato.bench.harness;

import io.mercato.core.event.Event;
import io.mercato.engine.AlsConfig;
import io.mercato.engine.AlsStatus;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@link ServeBench} measures against: an in-process server (embedded engine with default settings
 * apart from iALS, which trains only on demand; journal with group-commit fsync; loopback, random port)
 * preloaded with synthetic traffic, and the live events to post while measuring.
 *
 * <p>One {@link SyntheticTraffic} (seed 21) produces both, so the live events are for the same users and
 * items and continue their sessions. Event times: the preload 1 ms apart, the live events at the live
 * rate, the last of them about when the run ends. Live events carry ids and are never repeated, so
 * dedup and the recommenders see fresh work throughout.
 */
final class ServeFixture implements AutoCloseable {
  static final int USERS = 100_000;
  static final int ITEMS = 20_000;
  static final int BATCH = 500;

  final Engine engine;
  final MercatoServer server;
  final int alsIterations;
  private final Path dir;
  private final PrometheusMeterRegistry registry;
  private final SyntheticTraffic traffic;
  private final long[] micros;
  private final long[] step = {1000};

  /**
   * Starts the engine and server; nothing is loaded yet.
   *
   * @param alsIterations iALS iterations for {@link #trainAls()}
   * @param liveEvents    events {@link #liveBodies} will be asked for, to place the preload in time
   */
  ServeFixture(long preload, long liveEvents, int eventRate, int alsIterations) throws IOException {
    this.alsIterations = alsIterations;
    this.micros =
        new long[] {(System.currentTimeMillis() - preload - liveEvents * 1000 / eventRate) * 1000};
    this.traffic =
        SyntheticTraffic.builder()
            .seed(21)
            .idPrefix("serve-")
            .users(USERS)
            .items(ITEMS)
            .clock(() -> Instant.ofEpochMilli((micros[0] += step[0]) / 1000))
            .build();
    this.dir = Files.createTempDirectory("mercato-bench-serve");
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AlsConfig d = AlsConfig.defaults();
    EngineConfig config =
        EngineConfig.defaults(dir)
            .withAls(
                new AlsConfig(
                    d.factors(), alsIterations, d.regularization(), d.alpha(), Duration.ZERO));
    this.engine = Engine.start(config, InstantSource.system(), registry);
    MercatoServer s = null;
    try {
      s = MercatoServer.start(new ServerConfig("127.0.0.1", 0, 5 << 20), engine, registry);
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      engine.close();
      throw e;
    }
    this.server = s;
  }

  /** The catalog of the preloaded and live events (items {@code p-1 .. p-20000}). */
  Catalog catalog() {
    return traffic.catalog();
  }

  String baseUri() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Hands {@code n} events to the engine in batches of 500; waits until every shard and the recommenders have them. */
  void preload(long n) throws InterruptedException {
    long interactions = 0;
    for (long done = 0; done < n; done += BATCH) {
      List<Event> batch = traffic.next(BATCH);
      for (Event e : batch) {
        interactions += engine.config().reco().weights().isInteraction(e) ? 1 : 0;
      }
      EngineBench.ingestWithRetry(engine, batch);
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (engine.recoState().interactions() < interactions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the recommendation writer applied "
                + engine.recoState().interactions()
                + " of "
                + interactions
                + " interactions in 5 minutes");
      }
      Thread.sleep(10);
    }
    engine.countsByType(); // waits for the user shards
  }

  /** Trains iALS from the journal and waits until the model serves. */
  AlsStatus trainAls() {
    try {
      return engine.trainAls().get(30, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("iALS training failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training iALS", e);
    }
  }

  /** The next {@code events} events as JSON-array bodies of {@value #BATCH}, times advancing at {@code eventRate}. */
  List<byte[]> liveBodies(long events, int eventRate) {
    step[0] = 1_000_000L / eventRate;
    List<byte[]> bodies = new ArrayList<>();
    for (long n = 0; n < events; n += BATCH) {
      bodies.add(EventJson.array(traffic.next(BATCH)));
    }
    return bodies;
  }

  /** Interaction events waiting for the recommendation writer. */
  double recoQueue() {
    Gauge g = registry.find("mercato.reco.queue.depth").gauge();
    return g == null ? 0 : g.value();
  }

  /**
   * Waits (at most {@code timeout}) until the recommendation writer's queue is at most {@code events}
   * deep, so a row does not inherit the backlog of the one before.
   *
   * @return seconds waited
   */
  double awaitRecoQueue(int events, Duration timeout) throws InterruptedException {
    long t0 = System.nanoTime();
    while (recoQueue() > events && System.nanoTime() - t0 < timeout.toNanos()) {
      Thread.sleep(10);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }
}
