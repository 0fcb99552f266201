package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ready} tells where recovery stands, also when it cannot finish. */
class RecoveryReadyIT {
  @TempDir Path dataDir;

  @Test
  void aRecoveryThatFailedSaysWhyAndInWhichPhase() throws Exception {
    try (TestServer t = TestServer.start(dataDir)) {
      assertThat(t.postJson(event("e-1", "click", "u-1")).statusCode()).isEqualTo(202);
    } // the final snapshot covers sequence 1
    try (Stream<Path> segments = Files.list(dataDir.resolve("journal"))) {
      for (Path p : segments.filter(p -> p.toString().endsWith(".log")).toList()) {
        Files.delete(p); // a journal directory replaced behind the engine's back
      }
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine =
        Engine.start(
            TestServer.engineConfig(dataDir, 65_536),
            InstantSource.fixed(TestServer.NOW),
            registry);
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 16), engine, registry)) {
      assertThat(engine.awaitReady(Duration.ofSeconds(30))).isFalse();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode p = problem(r, 503, "not-ready");
      assertThat(p.path("state").asText()).isEqualTo("FAILED");
      assertThat(p.path("detail").asText())
          .contains("journal ends at sequence 0 but the snapshot covers 1");
      JsonNode recovery = p.path("recovery");
      assertThat(recovery.path("phase").asText()).isEqualTo("failed");
      assertThat(recovery.path("snapshot_sequence").asLong()).isEqualTo(1);
      assertThat(recovery.path("summary").asText()).startsWith("recovery failed after ");
    } finally {
      engine.close();
    }
  }
}
