package io.mercato.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventPosterTest {
  @Test
  void readsTheIngestAnswer() {
    PostResult r = EventPoster.parse(("{\"accepted\": 2, \"duplicates\": 1, \"rejected\": [{\"index\": 3, "
        + "\"errors\": [{\"field\": \"user_id\", \"message\": \"is required\"}]}]}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.rejected()).singleElement().satisfies(x -> {
      assertThat(x.index()).isEqualTo(3);
      assertThat(x.errors().get(0).field()).isEqualTo("user_id");
    });
  }

  @Test
  void endpointIsBelowTheBaseUrl() {
    assertThat(new EventPoster(java.net.URI.create("http://localhost:8080/"), java.time.Duration.ZERO).endpoint())
        .hasToString("http://localhost:8080/v1/events");
  }
}
