package io.mercato.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class SourceNameTest {
  @Test
  void followsTheIdRule() {
    assertThat(SourceName.check("source", "ios-app")).isEqualTo("ios-app");
    assertThatThrownBy(() -> SourceName.check("source", " "))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("source", "must not be blank")));
    assertThatThrownBy(() -> SourceName.check("source", "a\nb"))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> SourceName.check("source", "x".repeat(129)))
        .hasMessageContaining("at most 128");
  }

  @Test
  void replaySourcesAreNamedAfterTheFileAndAlwaysValid() {
    assertThat(SourceName.replay("events.csv")).isEqualTo("replay:events.csv");
    String odd = SourceName.replay("a\tb" + "é".repeat(200));
    assertThat(SourceName.check("source", odd)).startsWith("replay:a_bé");
    assertThat(odd.codePointCount(0, odd.length())).isEqualTo(SourceName.MAX_LENGTH);
    assertThat(SourceName.kafka("mercato.events")).isEqualTo("kafka:mercato.events");
  }
}
