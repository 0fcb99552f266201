package io.mercato.testkit.infra;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private, real {@code redis-server} for tests: one node, or a Redis Cluster of several masters
 * ({@link #startCluster}), on free ports of 127.0.0.1, keeping nothing on disk but its cluster
 * config. Kinder than sharing a machine's 6379, and it exists on a fresh machine as long as Debian's
 * {@code redis-server} package is installed ({@code scripts/test.sh} installs it).
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private final Path dir;
  private final List<Integer> ports;
  private final boolean cluster;
  private final List<Process> processes = new ArrayList<>();

  private RedisServer(Path dir, List<Integer> ports, boolean cluster) {
    this.dir = dir;
    this.ports = List.copyOf(ports);
    this.cluster = cluster;
  }

  /** Starts one Redis node. */
  public static RedisServer start() {
    RedisServer r = new RedisServer(tempDir(), List.of(ChildProcesses.freePort()), false);
    r.launchAll();
    return r;
  }

  /** Starts a Redis Cluster of {@code masters} (≥ 3) nodes without replicas and waits for state ok. */
  public static RedisServer startCluster(int masters) {
    if (masters < 3) {
      throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters");
    }
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < masters; i++) {
      ports.add(ChildProcesses.freePort());
    }
    RedisServer r = new RedisServer(tempDir(), ports, true);
    r.launchAll();
    r.createCluster();
    return r;
  }

  /** {@code redis://127.0.0.1:port} of the (first) node. */
  public String uri() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /** The URI of every node (the seed list of a cluster). */
  public List<String> uris() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  public boolean isCluster() {
    return cluster;
  }

  /** Stops a single node and starts it again empty on the same port (a Redis restart without persistence). */
  public void restartEmpty() {
    if (cluster) {
      throw new UnsupportedOperationException("restartEmpty is for single-node servers");
    }
    processes.forEach(p -> ChildProcesses.stop(p, Duration.ofSeconds(10)));
    processes.clear();
    launchAll();
  }

  /** Sends one command over a plain socket and returns the raw reply (tests, diagnostics). */
  public String command(String... args) {
    return command(ports.get(0), args);
  }

  @Override
  public void close() {
    processes.forEach(p -> ChildProcesses.stop(p, Duration.ofSeconds(10)));
    processes.clear();
  }

  private void launchAll() {
    String bin = binary();
    for (int port : ports) {
      Path log = dir.resolve("redis-" + port + ".log");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  bin,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString(),
                  "--logfile",
                  log.toString()));
      if (cluster) {
        cmd.addAll(
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes-" + port + ".conf",
                "--cluster-node-timeout",
                "5000"));
      }
      try {
        Process p =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis-" + port + ".out").toFile()))
                .start();
        processes.add(p);
        ChildProcesses.awaitPort(p, port, START_TIMEOUT, log, "redis-server");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void createCluster() {
    // Slots split evenly over the masters by CLUSTER ADDSLOTSRANGE, then every node MEETs the
    // first:
    // what `redis-cli --cluster create` does, without needing redis-cli.
    int n = ports.size();
    for (int i = 0; i < n; i++) {
      int from = i * 16384 / n;
      int to = (i + 1) * 16384 / n - 1;
      expectOk(
          command(
              ports.get(i),
              "CLUSTER",
              "ADDSLOTSRANGE",
              Integer.toString(from),
              Integer.toString(to)));
    }
    for (int i = 1; i < n; i++) {
      expectOk(
          command(ports.get(i), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(ports.get(0))));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      boolean ok = true;
      for (int port : ports) {
        String info = command(port, "CLUSTER", "INFO");
        ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + n);
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the Redis Cluster did not reach state ok: "
                + command(ports.get(0), "CLUSTER", "INFO"));
      }
      ChildProcesses.sleep(100);
    }
  }

  private static void expectOk(String reply) {
    if (!reply.startsWith("+OK")) {
      throw new IllegalStateException("redis answered " + reply.trim());
    }
  }

  private static String command(int port, String... args) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        req.append('$')
            .append(a.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(a)
            .append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      String first = readLine(in);
      if (first.startsWith("$")
          && !first.equals("$-1")) { // bulk string: the announced bytes and CRLF follow
        byte[] body = new byte[Integer.parseInt(first.substring(1)) + 2];
        in.readFully(body);
        return first + "\r\n" + new String(body, StandardCharsets.UTF_8);
      }
      return first + "\r\n";
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis at port " + port + " did not answer " + String.join(" ", args), e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static String binary() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(":")) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        "redis-server is not installed: apt-get install redis-server "
            + "(scripts/test.sh installs it when missing)");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("mercato-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
