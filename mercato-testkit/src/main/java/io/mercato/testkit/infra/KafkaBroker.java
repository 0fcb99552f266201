package io.mercato.testkit.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real, single-node Kafka broker in KRaft mode (broker and controller in one process), run as a
 * child JVM from {@code org.apache.kafka:kafka_2.13} on the current classpath: what integration tests
 * talk to instead of a mock. Listens on 127.0.0.1 on free ports; logs to {@code dir/broker.log}.
 *
 * <p>The caller's test classpath must hold {@code kafka_2.13} (scope test) — {@link #start} fails
 * naming it otherwise. {@link #kill} and {@link #restart} exist for failure tests; the log directory
 * survives a restart, so topics and records do too.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String classpath;
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort, String classpath) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.classpath = classpath;
  }

  /** Formats a fresh log directory under {@code dir} and starts the broker; returns when it serves. */
  public static KafkaBroker start(Path dir) {
    String cp = System.getProperty("java.class.path");
    if (!cp.contains("kafka_2.13")) {
      throw new IllegalStateException(
          "KafkaBroker needs org.apache.kafka:kafka_2.13 on the test classpath "
              + "(add it with <scope>test</scope> to the module's pom)");
    }
    KafkaBroker b = new KafkaBroker(dir, ChildProcesses.freePort(), ChildProcesses.freePort(), cp);
    try {
      Files.createDirectories(dir);
      b.writeConfig();
      b.format();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    b.launch();
    return b;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Creates {@code name} with {@code partitions} partitions (replication 1); waits for it. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            60_000));
  }

  /** Kills the broker process at once (SIGKILL), as a crash would. */
  public void kill() {
    ChildProcesses.kill(process);
  }

  /** Starts the broker again on the same ports and log directory after {@link #kill} or {@link #stop}. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is still running");
    }
    launch();
  }

  /** Stops the broker cleanly (SIGTERM, then SIGKILL after 30 s). */
  public void stop() {
    ChildProcesses.stop(process, Duration.ofSeconds(30));
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    stop();
  }

  private void writeConfig() throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("logs").toString());
    p.setProperty("num.partitions", "2");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "2");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "2");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "true");
    p.setProperty("log.flush.interval.messages", "9223372036854775807");
    // Tests stamp records with fake clocks, days in the past: keep them whatever their timestamps
    // say.
    p.setProperty("log.retention.ms", "-1");
    try (var w = Files.newBufferedWriter(dir.resolve("server.properties"))) {
      p.store(w, "Mercato test broker");
    }
  }

  private void format() {
    List<String> cmd =
        java(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            uuid(),
            "-c",
            dir.resolve("server.properties").toString(),
            "--ignore-formatted");
    Path log = dir.resolve("format.log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        ChildProcesses.kill(p);
        throw new IllegalStateException(
            "formatting the Kafka log directory failed:\n" + ChildProcesses.tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void launch() {
    Path log = dir.resolve("broker.log");
    try {
      process =
          new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildProcesses.awaitPort(process, port, START_TIMEOUT, log, "the Kafka broker");
    // The port opens before the broker has caught up with its metadata; an admin round trip proves
    // it serves.
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the Kafka broker does not answer:\n" + ChildProcesses.tail(log), e);
    }
  }

  private List<String> java(String main, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ChildProcesses.javaBinary(),
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN",
                "-Dlog4j.configuration=",
                "-cp",
                classpath,
                main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String uuid() {
    // Kafka's own generator: a hand-made base64 id starts with '-' one time in 64, which the
    // storage
    // tool's argument parser takes for an option (the format then fails with "expected one
    // argument").
    return Uuid.randomUuid().toString();
  }
}
