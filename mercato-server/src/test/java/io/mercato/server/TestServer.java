package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.DedupConfig;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SamplingConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A real engine (on a temporary data directory, two shards, a fixed clock) behind a real server on a
 * random port, and an HTTP/1.1 client for it. Close it after each test.
 */
final class TestServer implements AutoCloseable {
  /** The engine's clock: event timestamps up to a day after this are accepted. */
  static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

  /** Default test body limit: small, so 413 tests send little. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  final Engine engine;
  final MercatoServer server;
  final PrometheusMeterRegistry registry;
  final HttpClient client;
  final Path dataDir;

  private TestServer(
      Engine engine, MercatoServer server, PrometheusMeterRegistry registry, Path dataDir) {
    this.engine = engine;
    this.server = server;
    this.registry = registry;
    this.dataDir = dataDir;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static TestServer start(Path dataDir) {
    return start(engineConfig(dataDir, 65_536));
  }

  /** Engine with the given per-shard queue capacity (1 provokes backpressure). */
  static EngineConfig engineConfig(Path dataDir, int shardQueueCapacity) {
    return new EngineConfig(
        dataDir,
        2,
        shardQueueCapacity,
        JournalConfig.defaults().withSegmentBytes(1 << 20),
        SnapshotConfig.defaults(),
        DedupConfig.defaults(),
        EventLimits.defaults(),
        StatsConfig.defaults(),
        SamplingConfig.defaults(),
        ProfileConfig.defaults());
  }

  static TestServer start(EngineConfig config) {
    return start(config, new ServerConfig("127.0.0.1", 0, MAX_BODY_BYTES));
  }

  /** A server with its own settings (timeouts, limits) over an engine of {@code config}. */
  static TestServer start(EngineConfig config, ServerConfig serverConfig) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine = Engine.start(config, InstantSource.fixed(NOW), registry);
    assertThat(engine.awaitReady(Duration.ofSeconds(30)))
        .as("engine ready: %s", engine.status())
        .isTrue();
    MercatoServer server = MercatoServer.start(serverConfig, engine, registry);
    return new TestServer(engine, server, registry, config.dataDir());
  }

  /**
   * Sends {@code request} as raw bytes on a new connection (so methods and headers no HTTP client
   * would send get through) and returns everything the server answers until it closes the
   * connection; the request should carry {@code Connection: close}.
   */
  String raw(String request) {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code of a raw response, e.g. 405 of {@code HTTP/1.1 405 Method Not Allowed}. */
  static int rawStatus(String response) {
    assertThat(response).as("a response").startsWith("HTTP/1.1 ");
    return Integer.parseInt(response.substring(9, 12));
  }

  /** The body of a raw response (after the blank line). */
  static JsonNode rawJson(String response) {
    int start = response.indexOf("\r\n\r\n");
    assertThat(start).as("end of headers in %s", response).isPositive();
    try {
      return Json.mapper().readTree(response.substring(start + 4));
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response, e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> postJson(String body) {
    return post("/v1/events", "application/json", body);
  }

  HttpResponse<String> postNdjson(String body) {
    return post("/v1/events", "application/x-ndjson", body);
  }

  /** POST with a Content-Length; {@code contentType} null sends no Content-Type at all. */
  HttpResponse<String> post(String path, String contentType, String body) {
    return post(path, contentType, BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  /** POST with chunked transfer encoding (no Content-Length), as streaming clients send. */
  HttpResponse<String> postChunked(String contentType, byte[] body) {
    return post(
        "/v1/events",
        contentType,
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  HttpResponse<String> post(String path, String contentType, BodyPublisher body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** Asserts {@code response} is a problem document of {@code status} and slug, and returns it. */
  static JsonNode problem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = json(response);
    assertThat(p.path("type").asText()).isEqualTo("https://mercato.dev/problems/" + slug);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asText()).isNotBlank();
    assertThat(p.path("detail").asText()).isNotBlank();
    assertThat(p.path("instance").asText()).isEqualTo(response.request().uri().getPath());
    return p;
  }

  /** An event as JSON with the given id, type and user, at a fixed valid time. */
  static String event(String id, String type, String user) {
    return "{\"event_id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"user_id\":\""
        + user
        + "\",\"item_id\":\"p-7\",\"timestamp\":\"2026-11-24T12:00:00Z\"}";
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      engine.close();
    }
  }
}
