package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 503 answers: full shard queues, and an engine that no longer serves. */
class EngineUnavailableIT {
  @TempDir Path dataDir;

  @Test
  void fullShardQueuesAnswer503WithRetryAfterAndRecordNothing() {
    // One event of room per shard: a batch with two events of the same user cannot be reserved.
    try (TestServer t = TestServer.start(TestServer.engineConfig(dataDir, 1))) {
      String invalid = "{\"type\":\"click\"}";
      HttpResponse<String> r =
          t.postJson(
              "["
                  + event("e-1", "click", "u-1")
                  + ","
                  + event("e-2", "click", "u-1")
                  + ","
                  + invalid
                  + "]");
      JsonNode p = problem(r, 503, "overloaded");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(p.path("retry_after_seconds").asInt()).isEqualTo(1);
      assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
      assertThat(dataDir.resolve("dead-letter").toFile().list())
          .as("no dead letters for a refused batch")
          .isEmpty();
    }
  }

  @Test
  void closedEngineAnswers503ButHealthStaysUp() {
    try (TestServer t = TestServer.start(dataDir)) {
      t.engine.close();

      HttpResponse<String> ingest = t.postJson(event("e-1", "click", "u-1"));
      problem(ingest, 503, "unavailable");
      assertThat(ingest.headers().firstValue("Retry-After")).hasValue("1");

      problem(t.get("/v1/stats"), 503, "unavailable");

      JsonNode ready = problem(t.get("/ready"), 503, "not-ready");
      assertThat(ready.path("state").asText()).isEqualTo("CLOSED");

      assertThat(t.get("/health").statusCode()).isEqualTo(200);
    }
  }
}
