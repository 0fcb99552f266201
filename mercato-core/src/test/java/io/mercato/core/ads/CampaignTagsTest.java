package io.mercato.core.ads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CampaignTagsTest {
  static final String BASE =
      "{\"name\": \"Spring\", \"start\": \"2026-03-01T00:00:00Z\", \"end\": \"2026-04-01T00:00:00Z\", "
          + "\"currency\": \"EUR\", \"total_budget\": 1000, \"daily_budget\": 100";
  final CampaignRules rules = new CampaignRules(EventLimits.defaults(), new SegmentCompiler());

  Campaign read(String extra) {
    return rules.read(
        AdsJson.parseObject((BASE + extra + "}").getBytes(StandardCharsets.UTF_8)), "c1", 0);
  }

  @Test
  void tagsAreKeptSortedAndAbsentOrEmptyMeansNone() {
    assertThat(read(", \"tags\": [\"shoes\", \"black-friday\"]").tags())
        .containsExactly("black-friday", "shoes");
    assertThat(read("").tags()).isEmpty();
    assertThat(read(", \"tags\": []").tags()).isEmpty();
    assertThat(read(", \"tags\": null").tags()).isEmpty();
  }

  @Test
  void badTagsAreRefusedNamingTheElement() {
    assertThatThrownBy(() -> read(", \"tags\": [\"a\", \"a\", 3]"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("tags[1]", "tags[2]"));
    assertThatThrownBy(() -> read(", \"tags\": [\"" + "x".repeat(65) + "\"]"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("tags[0]: must be at most 64 characters");
  }

  @Test
  void aCampaignBuiltWithoutTagsHasNone() {
    Campaign c = read("");
    Campaign old =
        new Campaign(
            c.id(),
            c.name(),
            c.start(),
            c.end(),
            c.timeZone(),
            c.status(),
            c.currency(),
            c.totalBudget(),
            c.dailyBudget(),
            c.discount(),
            c.segment(),
            c.goals(),
            c.caps(),
            c.updatedMillis());
    assertThat(old).isEqualTo(c);
  }
}
