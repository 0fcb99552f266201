package io.mercato.core.ads.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.time.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SegmentCompilerTest {
  static final long T0 = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
  static final String EXAMPLE =
      "profile.affinity[\"sports\"] > 0.3 && profile.counts[\"click\"][\"10m\"] >= 3 && !profile.purchased(\"p-9\")";
  static final SegmentCompiler COMPILER = new SegmentCompiler();
  private static int ids;

  static Event event(String type, long t, String item, String category) {
    return new Event(
        "e" + ids++, false, type, "u-1", item, null, null, category, null, t, Map.of());
  }

  /** The input of a user who did {@code events}, evaluated one minute after the last of them. */
  static SegmentInput input(String user, List<Event> events) {
    UserProfile p = new UserProfile(ProfileConfig.defaults(), Windows.defaults());
    events.forEach(p::apply);
    long now = events.stream().mapToLong(Event::timestampMillis).max().orElse(T0) + 60_000;
    return new SegmentInput(user, p.view(now), new HashSet<>(p.purchasedItems()));
  }

  /** A sports fan: three clicks on sports items in the last ten minutes, one view of shoes. */
  static List<Event> sportsFan(boolean boughtP9) {
    List<Event> e = new ArrayList<>();
    e.add(event("view", T0, "s-1", "shoes"));
    for (int i = 1; i <= 3; i++) {
      e.add(event("click", T0 + i * 60_000, "s-" + i, "sports"));
    }
    if (boughtP9) {
      e.add(event("purchase", T0 + 4 * 60_000, "p-9", "sports"));
    }
    return e;
  }

  static String segmentError(String expression) {
    try {
      COMPILER.compile(expression);
    } catch (ValidationException e) {
      assertThat(e.errors()).hasSize(1);
      assertThat(e.errors().get(0).field()).isEqualTo("segment");
      return e.errors().get(0).message();
    }
    throw new AssertionError("compiled: " + expression);
  }

  @Test
  void theIssueExampleSelectsTheFanWhoHasNotBoughtTheItem() {
    Segment s = COMPILER.compile(EXAMPLE);
    assertThat(s.expression()).isEqualTo(EXAMPLE);
    assertThat(s.matches(input("u-1", sportsFan(false)))).isTrue();
    assertThat(s.matches(input("u-2", sportsFan(true)))).as("bought p-9").isFalse();
    List<Event> twoClicks = sportsFan(false).subList(0, 3);
    assertThat(s.matches(input("u-3", twoClicks))).as("only two clicks").isFalse();
    assertThat(s.matches(input("u-4", List.of()))).as("a user never seen").isFalse();
  }

  @Test
  void affinityIsTheShareOfInterest() {
    SegmentInput fan =
        input("u-1", sportsFan(false)); // sports 3 clicks × 2, shoes 1 view × 1 (decayed a bit)
    assertThat(
            COMPILER
                .compile("profile.affinity[\"sports\"] > 0.8 && profile.affinity[\"sports\"] < 0.9")
                .matches(fan))
        .isTrue();
    assertThat(COMPILER.compile("profile.affinity_score[\"sports\"] > 5.9").matches(fan)).isTrue();
    assertThat(COMPILER.compile("profile.affinity[\"sports\"] > 0").matches(fan))
        .as("int vs double compares")
        .isTrue();
  }

  @Test
  void typeErrorsAreRefusedOnTheSegmentFieldWithCelsMessage() {
    assertThat(segmentError("profile.affinity[\"sports\"] > \"high\""))
        .contains("found no matching overload for '_>_' applied to '(double, string)'")
        .contains("1:28");
    assertThat(segmentError("profile.purchases + 1"))
        .contains("expected type 'bool' but found 'int'");
    assertThat(segmentError("profile.purchased(9)")).contains("profile.purchased");
    assertThat(segmentError("profile.affinty[\"sports\"] > 0.3"))
        .contains("undeclared reference")
        .contains("A condition may use: profile.user_id, profile.affinity");
    assertThat(segmentError("profile.purchases > 0 &&")).contains("mismatched input");
    assertThat(segmentError(" ")).contains("must not be blank");
    assertThat(segmentError("true || ".repeat(600) + "true")).contains("at most 4096 characters");
  }

  @Test
  void aMissingKeyMeansNotInTheSegmentNeverAnException() {
    SegmentInput fan = input("u-1", sportsFan(false));
    assertThat(COMPILER.compile("profile.affinity[\"golf\"] > 0.3").matches(fan)).isFalse();
    assertThat(COMPILER.compile("!(profile.affinity[\"golf\"] > 0.3)").matches(fan))
        .as("an error anywhere is 'not in the segment', even under a negation")
        .isFalse();
    assertThat(
            COMPILER
                .compile("!(\"golf\" in profile.affinity) || profile.affinity[\"golf\"] < 0.3")
                .matches(fan))
        .as("the documented way to test a category the user may not have")
        .isTrue();
    assertThat(COMPILER.compile("profile.counts[\"click\"][\"5m\"] >= 0").matches(fan))
        .as("5m is not a configured window")
        .isFalse();
  }

  @Test
  void countsHaveZerosForEveryWindowOfKnownAndMentionedTypes() {
    SegmentInput nobody = input("u-0", List.of());
    assertThat(
            COMPILER
                .compile(
                    "profile.counts[\"purchase\"][\"7d\"] == 0 && profile.counts[\"view\"][\"1m\"] == 0")
                .matches(nobody))
        .isTrue();
    assertThat(
            COMPILER.compile("profile.counts[\"newsletter_signup\"][\"24h\"] == 0").matches(nobody))
        .as("a custom type named in the expression")
        .isTrue();
    SegmentInput fan = input("u-1", sportsFan(false));
    assertThat(
            COMPILER
                .compile(
                    "profile.counts[\"click\"][\"10m\"] == 3 && profile.counts[\"click\"][\"1m\"] == 0"
                        + " && profile.counts[\"view\"][\"1h\"] == 1")
                .matches(fan))
        .isTrue();
  }

  @Test
  void purchasesSessionsListsAndTimesAreAvailable() {
    SegmentInput buyer = input("u-7", sportsFan(true));
    assertThat(
            COMPILER
                .compile(
                    "profile.purchased(\"p-9\") && profile.purchases == 1 && 'p-9' in profile.purchased_items"
                        + " && profile.user_id == 'u-7'")
                .matches(buyer))
        .isTrue();
    assertThat(
            COMPILER
                .compile(
                    "profile.session_events == 5 && profile.session_items[0] == 'p-9'"
                        + " && profile.recent_items.size() == 4")
                .matches(buyer))
        .isTrue();
    assertThat(
            COMPILER
                .compile(
                    "now - profile.first_seen < duration('10m') && now - profile.last_seen == duration('1m')")
                .matches(buyer))
        .isTrue();
    assertThat(
            COMPILER
                .compile(
                    "profile.recent_items.exists(i, i.startsWith('s-')) && profile.average_order_value == 0.0")
                .matches(buyer))
        .isTrue();
    SegmentInput nobody = input("u-0", List.of());
    assertThat(
            COMPILER
                .compile(
                    "profile.first_seen == now && profile.session_events == 0 && size(profile.session_items) == 0")
                .matches(nobody))
        .as("a user without events is first seen now")
        .isTrue();
  }

  @Test
  void oneSegmentEvaluatesConcurrentlyWithoutSharedState() throws Exception {
    Segment s = COMPILER.compile(EXAMPLE);
    List<SegmentInput> inputs = new ArrayList<>();
    List<Boolean> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      boolean bought = i % 3 == 0;
      SegmentInput in = input("u-" + i, sportsFan(bought));
      inputs.add(in);
      expected.add(s.matches(in));
    }
    assertThat(expected).contains(true, false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int round = 0; round < 50; round++) {
        for (int i = 0; i < inputs.size(); i++) {
          SegmentInput in = inputs.get(i);
          results.add(pool.submit(() -> s.matches(in)));
        }
      }
      for (int k = 0; k < results.size(); k++) {
        assertThat(results.get(k).get())
            .as("evaluation %d", k)
            .isEqualTo(expected.get(k % inputs.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void purchasedSetIsReadOnlyThroughTheInput() {
    Segment s = COMPILER.compile("profile.purchased('a')");
    SegmentInput in = input("u-1", List.of());
    SegmentInput withA = new SegmentInput("u-1", in.profile(), Set.of("a"));
    assertThat(s.matches(in)).isFalse();
    assertThat(s.matches(withA)).isTrue();
  }
}
