package io.mercato.app.cli;

import io.mercato.app.config.ConfigLoader;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.node.Node;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.EngineStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mercato serve}: runs the engine (or a cluster API node) and the HTTP server until Ctrl-C or SIGTERM. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run Mercato: the HTTP API and Prometheus metrics on one port.",
      "",
      "Stops cleanly on Ctrl-C or SIGTERM: the server closes, then the engine writes a final snapshot.",
      "",
      "--mode cluster runs a stateless API node instead: events go to Kafka (--kafka), statistics and",
      "profiles are read from Redis (--redis) where the Flink job writes them, campaigns live in the",
      "shared database (--db, required). Run as many nodes as needed behind a load balancer.",
      ""
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port; 0 picks a free one (default: server.port, 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Interface to bind (default: server.host, 0.0.0.0 = every interface).")
  String host;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Journal, snapshots and dead letters (default: engine.data-dir, ./mercato-data).")
  Path dataDir;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "embedded (one process, the default) or cluster (a stateless API node: events to Kafka, "
              + "state from Redis, campaigns in --db) (default: mode).")
  String mode;

  @Option(
      names = "--ingest-kafka",
      paramLabel = "HOST:PORT",
      description =
          "Embedded mode: also consume events from a Kafka topic at these bootstrap servers "
              + "(default: ingest.kafka.bootstrap-servers, empty = off).")
  String ingestKafka;

  @Option(
      names = "--ingest-kafka-topic",
      paramLabel = "TOPIC",
      description =
          "The topic --ingest-kafka consumes (default: ingest.kafka.topic, mercato.ingest).")
  String ingestKafkaTopic;

  @Option(
      names = "--print-config",
      description = "Print the effective configuration as YAML and exit.")
  boolean printConfig;

  ServeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    List<ConfigOverride> flags = new ArrayList<>();
    if (port != null) {
      flags.add(new ConfigOverride("server.port", port.toString(), "--port"));
    }
    if (host != null) {
      flags.add(new ConfigOverride("server.host", host, "--host"));
    }
    if (dataDir != null) {
      flags.add(new ConfigOverride("engine.data-dir", dataDir.toString(), "--data-dir"));
    }
    if (mode != null) {
      flags.add(new ConfigOverride("mode", mode, "--mode"));
    }
    if (ingestKafka != null) {
      flags.add(
          new ConfigOverride("ingest.kafka.bootstrap-servers", ingestKafka, "--ingest-kafka"));
    }
    if (ingestKafkaTopic != null) {
      flags.add(new ConfigOverride("ingest.kafka.topic", ingestKafkaTopic, "--ingest-kafka-topic"));
    }
    cluster.addTo(flags);
    MercatoConfig cfg = ctx.loadConfig(config.file, config.overrides(flags)).config();
    if (printConfig) {
      spec.commandLine().getOut().print(ConfigLoader.toYaml(cfg));
      spec.commandLine().getOut().flush();
      return 0;
    }
    Node node = Node.start(cfg, ctx.clock());
    ShutdownHook hook = ShutdownHook.register("mercato-shutdown", node::close);
    try {
      spec.commandLine()
          .getOut()
          .println("Mercato is running at " + node.baseUri() + "/ (Ctrl-C to stop)");
      spec.commandLine().getOut().flush();
      if (node.embeddedEngine().isEmpty()) {
        LOG.info(
            "cluster API node: accepting events at {}/v1/events; {}/ready tells whether Kafka and Redis answer",
            node.baseUri(),
            node.baseUri());
      } else if (node.engine().awaitReady(Duration.ofDays(1))) {
        LOG.info("engine ready: accepting events at {}/v1/events", node.baseUri());
      } else if (node.engine().status().state() == EngineStatus.State.FAILED) {
        throw new EngineUnavailableException(
            "the engine could not start: " + node.engine().status().detail());
      }
      node.awaitClosed();
    } finally {
      hook.close();
      node.close(); // a no-op after a signal closed it; closes everything after an error
    }
    return 0;
  }
}
