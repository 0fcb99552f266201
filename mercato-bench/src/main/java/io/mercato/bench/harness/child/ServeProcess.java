package io.mercato.bench.harness.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code mercato serve} child process on 127.0.0.1 and a free port, over a given data directory:
 * started, awaited until {@code /ready} answers 200, then stopped cleanly (SIGTERM, final snapshot) or
 * killed ({@code kill -9}: no shutdown hook, no final snapshot). Its output goes to a log file, whose
 * tail is quoted when it fails to start.
 *
 * <p>The child runs in {@code workDir} (so no {@code ./mercato.yaml} of the caller is read) and does
 * not inherit the caller's {@code MERCATO_*} variables: its configuration is the defaults plus
 * {@code environment}. Not thread-safe; one owner drives it.
 */
public final class ServeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENGINE_READY = Pattern.compile("engine ready in (\\d+) ms");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Process process;
  private final int port;
  private final Path log;
  private final long startedNanos;

  private ServeProcess(Process process, int port, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code mercato serve --host 127.0.0.1 --port <free> --data-dir <dataDir>}; returns at once
   * (see {@link #awaitReady}).
   *
   * @param environment {@code MERCATO_*} settings for the child, e.g. {@code MERCATO_SNAPSHOT_INTERVAL=5s}
   * @param log         file the child's stdout and stderr are appended to
   */
  public static ServeProcess start(
      Launcher launcher, Path dataDir, Path workDir, Path log, Map<String, String> environment) {
    Objects.requireNonNull(launcher, "launcher");
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                launcher.with(
                    List.of(
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--data-dir",
                        dataDir.toAbsolutePath().toString())))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("MERCATO_"));
    pb.environment().putAll(environment);
    try {
      Files.createDirectories(workDir);
      long started = System.nanoTime();
      return new ServeProcess(pb.start(), port, log, started);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + launcher.command() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@code GET /ready} answers 200.
   *
   * @return what the start took, from spawning the process to the first 200 (JVM start, recovery of
   *     the snapshot and journal tail, binding the port), and {@code /ready}'s body
   * @throws IllegalStateException with the log's tail when the process exits first or {@code timeout} passes
   */
  public Ready awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mercato serve exited with "
                + process.exitValue()
                + " before it was ready; "
                + "the end of "
                + log
                + ":\n"
                + tail());
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(base().resolve("/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return new Ready(
              Duration.ofNanos(System.nanoTime() - startedNanos), JSON.readTree(r.body()));
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for mercato serve", e);
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "mercato serve was not ready within " + timeout + "; the end of " + log + ":\n" + tail());
  }

  /** {@code kill -9}: the process ends at once, without shutdown hook or final snapshot. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM and wait: the server closes and the engine writes its final snapshot.
   *
   * @return the exit code
   * @throws IllegalStateException when it has not exited within {@code grace} (it is then killed)
   */
  public int stop(Duration grace) {
    process.destroy();
    if (!waitForExit(grace)) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(30));
      throw new IllegalStateException(
          "mercato serve did not stop within "
              + grace
              + " of SIGTERM; killed. The end of "
              + log
              + ":\n"
              + tail());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return log;
  }

  /**
   * What the engine reported its recovery took ({@code "engine ready in N ms"} in the log: loading the
   * snapshot and replaying the journal tail), or -1 when the log does not say.
   */
  public long engineReadyMillis() {
    try {
      Matcher m = ENGINE_READY.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
      long last = -1;
      while (m.find()) {
        last = Long.parseLong(m.group(1));
      }
      return last;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The last 4,000 characters of the log. */
  public String tail() {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      String s = Files.readString(log, StandardCharsets.ISO_8859_1);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Kills the process if it still runs (a harness that failed half-way must not leave servers behind). */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private boolean waitForExit(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * A server that answered {@code /ready}.
   *
   * @param startup from spawning the process to the first 200 of {@code /ready}
   * @param status  {@code /ready}'s body, e.g. {@code replayed_events}, {@code recovered_from_snapshot}
   */
  public record Ready(Duration startup, JsonNode status) {
    /** Journal records replayed on top of the snapshot, or -1 when {@code /ready} does not say. */
    public long replayedEvents() {
      return status.path("replayed_events").asLong(-1);
    }

    /** Events the loaded snapshot held, or -1 when {@code /ready} does not say. */
    public long recoveredFromSnapshot() {
      return status.path("recovered_from_snapshot").asLong(-1);
    }
  }
}
