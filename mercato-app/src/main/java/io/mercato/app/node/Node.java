package io.mercato.app.node;

import io.mercato.app.config.IngestSection;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.config.Mode;
import io.mercato.app.kafka.KafkaEventSource;
import io.mercato.cluster.ClusterBackend;
import io.mercato.engine.Engine;
import io.mercato.server.MercatoServer;
import io.mercato.server.backend.Backend;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Mercato process: the runtime ({@link Mode#EMBEDDED}: the engine; {@link Mode#CLUSTER}: a
 * stateless API node over Kafka, Redis and the shared database), the HTTP server in front of it and
 * the metrics registry they share (with JVM metrics bound). The single wiring point of {@code serve}
 * and {@code demo}. {@link #close()} stops the server first (no new requests), then the runtime (the
 * engine writes its final snapshot; the API node flushes its producer); it is idempotent and safe to
 * call from a shutdown hook.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private final Engine engine; // null in cluster mode
  private final ClusterBackend cluster; // null in embedded mode
  private final MercatoServer server;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final String host;
  private KafkaEventSource kafkaSource; // null unless ingest.kafka is enabled (embedded mode)
  private Thread kafkaThread;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean closing;

  private Node(
      Engine engine,
      ClusterBackend cluster,
      MercatoServer server,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      String host) {
    this.engine = engine;
    this.cluster = cluster;
    this.server = server;
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.host = host;
  }

  /**
   * Starts the runtime of {@code config.mode()} and the server: the engine (recovery continues in the
   * background), or the cluster API node (connected to Kafka, Redis and the database).
   */
  public static Node start(MercatoConfig config, InstantSource clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    if (config.mode() == Mode.CLUSTER) {
      ClusterBackend cluster;
      try {
        cluster =
            ClusterBackend.start(
                config.clusterSettings(),
                config.ads().toAdsConfig(),
                config.quality(),
                clock,
                registry);
      } catch (RuntimeException e) {
        gc.close();
        registry.close();
        throw e;
      }
      MercatoServer server;
      try {
        server = MercatoServer.start(config.server(), cluster, registry);
      } catch (RuntimeException e) {
        cluster.close();
        gc.close();
        registry.close();
        throw e;
      }
      Node node = new Node(null, cluster, server, registry, gc, config.server().host());
      LOG.info("Mercato cluster API node listening on {}", node.baseUri());
      return node;
    }
    Engine engine = Engine.start(config.engineConfig(), clock, registry);
    Backend backend = Backend.embedded(engine, config.quality());
    MercatoServer server;
    try {
      server = MercatoServer.start(config.server(), backend, registry);
    } catch (RuntimeException e) {
      engine.close();
      gc.close();
      registry.close();
      throw e;
    }
    Node node = new Node(engine, null, server, registry, gc, config.server().host());
    if (config.ingest().kafka().enabled()) {
      node.startKafkaSource(config.ingest().kafka(), backend);
    }
    LOG.info(
        "Mercato listening on {} (data in {})",
        node.baseUri(),
        config.engine().dataDir().toAbsolutePath().normalize());
    return node;
  }

  /**
   * Consumes {@code ingest.kafka}'s topic once the engine is ready (recovery replays the journal
   * first), through the same accounted path as {@code POST /v1/events}.
   */
  private void startKafkaSource(IngestSection.KafkaIngest kafka, Backend backend) {
    KafkaEventSource source =
        new KafkaEventSource(
            kafka.bootstrapServers(),
            kafka.topic(),
            kafka.groupId(),
            engine.reader(),
            backend.ingestion());
    Thread t =
        new Thread(
            () -> {
              if (engine.awaitReady(Duration.ofDays(1))) {
                source.run();
              }
            },
            "mercato-kafka-ingest");
    t.setDaemon(true);
    kafkaSource = source;
    kafkaThread = t;
    t.start();
    LOG.info("consuming Kafka topic {} from {}", kafka.topic(), kafka.bootstrapServers());
  }

  /** The embedded engine, empty in cluster mode. */
  public Optional<Engine> embeddedEngine() {
    return Optional.ofNullable(engine);
  }

  /**
   * The embedded engine.
   *
   * @throws IllegalStateException in cluster mode, which has none
   */
  public Engine engine() {
    if (engine == null) {
      throw new IllegalStateException("this node runs in cluster mode: it has no embedded engine");
    }
    return engine;
  }

  public int port() {
    return server.port();
  }

  /** The URL clients on this machine use, e.g. {@code http://localhost:8080}. */
  public URI baseUri() {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    String h =
        wildcard
            ? "localhost"
            : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + server.port());
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void awaitClosedUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        closed.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    boolean first;
    synchronized (this) {
      first = !closing;
      closing = true;
    }
    if (!first) {
      awaitClosedUninterruptibly(); // a second caller (Ctrl-C during a normal stop) waits for the
      // first
      return;
    }
    try {
      LOG.info(
          engine != null
              ? "stopping: closing the HTTP server, then the engine (final snapshot)"
              : "stopping: closing the HTTP server, then the Kafka producer (flush), Redis and the database");
      try {
        if (kafkaSource != null) {
          kafkaSource
              .close(); // stop consuming before the engine closes; the batch in hand finishes
          try {
            kafkaThread.join(30_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        server.close();
      } finally {
        if (engine != null) {
          engine.close();
        } else {
          cluster.close();
        }
        gcMetrics.close();
        registry.close();
      }
      LOG.info("stopped");
    } finally {
      closed.countDown();
    }
  }
}
