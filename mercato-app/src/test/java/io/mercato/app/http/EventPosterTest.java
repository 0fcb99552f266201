package io.mercato.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventPosterTest {
  @Test
  void readsTheIngestAnswer() {
    PostResult r =
        EventPoster.parse(
            ("{\"accepted\": 2, \"duplicates\": 1, \"rejected\": [{\"index\": 3, "
                    + "\"errors\": [{\"field\": \"user_id\", \"message\": \"is required\"}]}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.index()).isEqualTo(3);
              assertThat(x.errors().get(0).field()).isEqualTo("user_id");
            });
  }

  @Test
  void readsSampledAndTheReasonOfEachRejection() {
    PostResult r =
        EventPoster.parse(
            ("{\"accepted\": 1, \"duplicates\": 0, \"sampled\": 4, \"rejected\": ["
                    + "{\"index\": 0, \"reason\": \"too_late\", \"errors\": [{\"field\": \"timestamp\", \"message\": \"is too late\"}]},"
                    + "{\"index\": 2, \"reason\": \"suppressed\", \"errors\": []}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.sampled()).isEqualTo(4);
    assertThat(r.rejected())
        .extracting(Rejection::reason)
        .as("a reason this client does not know counts as invalid")
        .containsExactly(RejectReason.TOO_LATE, RejectReason.INVALID);
  }

  @Test
  void theSourceGoesInTheQuery() {
    assertThat(
            new EventPoster(URI.create("http://localhost:8080"), "replay:a b.csv", Duration.ZERO)
                .endpoint())
        .hasToString("http://localhost:8080/v1/events?source=replay%3Aa+b.csv");
  }

  @Test
  void endpointIsBelowTheBaseUrl() {
    assertThat(new EventPoster(URI.create("http://localhost:8080/"), Duration.ZERO).endpoint())
        .hasToString("http://localhost:8080/v1/events");
  }
}
