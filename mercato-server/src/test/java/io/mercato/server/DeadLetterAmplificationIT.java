package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.core.event.DeadLetterBudget;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 7: one 5 MiB NDJSON body of {@code {}} lines once wrote 408 MB of dead letters and
 * answered 279 MB. The answer and the dead letters of one request are now bounded, and the answer
 * still accounts for every line.
 */
class DeadLetterAmplificationIT {
  private static final int FIVE_MIB = 5 << 20;
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t =
        TestServer.start(
            TestServer.engineConfig(dataDir, 65_536), new ServerConfig("127.0.0.1", 0, FIVE_MIB));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aBodyOfEmptyObjectsIsAnsweredAndDeadLetteredInBoundedSize() throws Exception {
    int lines = FIVE_MIB / 3;
    String body = "{}\n".repeat(lines);
    long start = System.nanoTime();
    HttpResponse<String> r = t.postNdjson(body);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode answer = json(r);
    assertThat(answer.path("accepted").asInt()).isZero();
    assertThat(answer.path("rejected_count").asInt()).isEqualTo(lines);
    assertThat(answer.path("rejected")).hasSize(ServerConfig.DEFAULT_MAX_REJECTIONS_LISTED);
    assertThat(answer.path("rejected").get(999).path("index").asInt()).isEqualTo(999);
    JsonNode summary = answer.path("rejected_summary");
    assertThat(summary).hasSize(3);
    for (JsonNode group : summary) {
      assertThat(group.path("message").asText()).isEqualTo("is required");
      assertThat(group.path("count").asInt()).isEqualTo(lines);
    }
    assertThat(r.body().length()).as("answer bytes").isLessThan(256 * 1024);

    long deadLetterBytes = deadLetterBytes();
    assertThat(deadLetterBytes)
        .as("dead-letter bytes")
        .isLessThan(DeadLetterBudget.budget(body.length(), lines) + 64 * 1024);
    assertThat(t.registry.get("mercato.events.rejected").counter().count()).isEqualTo(lines);
    assertThat(t.registry.get("mercato.dead.letters.summarised").counter().count()).isPositive();
    System.out.printf(
        "%d-byte body of {} lines: %d-byte answer, %d bytes of dead letters, %d ms%n",
        body.length(), r.body().length(), deadLetterBytes, millis);
  }

  private long deadLetterBytes() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("dead-letter"))) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
