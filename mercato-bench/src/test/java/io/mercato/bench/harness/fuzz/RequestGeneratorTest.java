package io.mercato.bench.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import io.mercato.server.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seeded generator: reproducible, covers every route, and its notion of valid matches the reader. */
class RequestGeneratorTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));

  @Test
  void theSameSeedAndClockGiveTheSameRequests() {
    RequestGenerator a = new RequestGenerator(42, CLOCK);
    RequestGenerator b = new RequestGenerator(42, CLOCK);
    for (int i = 0; i < 3_000; i++) {
      FuzzCase x = a.next();
      FuzzCase y = b.next();
      assertThat(y.index()).isEqualTo(x.index()).isEqualTo(i);
      assertThat(y.request().wire()).as("request #%d", i).isEqualTo(x.request().wire());
      assertThat(y.expect().statuses()).isEqualTo(x.expect().statuses());
      assertThat(y.expect().fresh().stream().map(SentEvent::eventId).toList())
          .isEqualTo(x.expect().fresh().stream().map(SentEvent::eventId).toList());
    }
  }

  @Test
  void anotherSeedGivesOtherRequests() {
    RequestGenerator a = new RequestGenerator(1, CLOCK);
    RequestGenerator b = new RequestGenerator(2, CLOCK);
    int differ = 0;
    for (int i = 0; i < 200; i++) {
      differ += Arrays.equals(a.next().request().wire(), b.next().request().wire()) ? 0 : 1;
    }
    assertThat(differ).isGreaterThan(150);
  }

  @Test
  void everyRouteOfTheTableIsFuzzedBeforeTheRandomPart() {
    RequestGenerator g = new RequestGenerator(7, CLOCK);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3 + Routes.ALL.size(); i++) {
      seen.add(g.next().route());
    }
    assertThat(seen).containsAll(Routes.ALL.stream().map(Object::toString).toList());
    assertThat(g.routes()).hasSize(Routes.ALL.size());
  }

  @Test
  void everyFamilyOfRequestsAppearsInTwoThousand() {
    RequestGenerator g = new RequestGenerator(3, CLOCK);
    Set<String> families = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String kind = g.next().kind();
      families.add(kind.contains("/") ? kind.substring(0, kind.indexOf('/')) : kind);
    }
    assertThat(families)
        .contains(
            "valid-events",
            "events",
            "route",
            "protocol",
            "unknown-path",
            "decisions",
            "campaigns",
            "setup");
  }

  /**
   * The events the generator counts on are accepted by core's reader, and the hostile lines of a
   * body are refused by it, or are too late for the engine (a timestamp before the last 7 days).
   * Unpaired surrogates and bytes that are not UTF-8 are left out here: today's reader lets some
   * through (issue 13, first finding); FuzzIT judges them against the server.
   */
  @Test
  void theGeneratorsValidAndInvalidAgreeWithCoresReader() {
    EventJsonReader reader = new EventJsonReader(EventValidator.of(EventLimits.defaults(), CLOCK));
    SplittableRandom random = new SplittableRandom(11);
    ValidEvents valid = new ValidEvents(random.split(), CLOCK, "t-");
    EventMutations mutations = new EventMutations(random.split(), CLOCK);
    for (int i = 0; i < 2_000; i++) {
      SentEvent e = valid.next();
      ReadResult r = reader.read(e.json(), EventJsonReader.Format.NDJSON);
      assertThat(r.rejected())
          .as("valid event %s", new String(e.json(), StandardCharsets.UTF_8))
          .isEmpty();
      assertThat(r.events())
          .singleElement()
          .satisfies(ev -> assertThat(ev.type()).isEqualTo(e.type()));
    }
    List<String> acceptedByReader = new ArrayList<>();
    long tooLateBefore = CLOCK.millis() - 7 * 86_400_000L;
    for (int i = 0; i < 3_000; i++) {
      HostileLine line = mutations.any(valid.draft(valid.freshId()));
      if (line.kind().contains("lone-surrogate") || line.kind().equals("invalid-utf8")) {
        continue;
      }
      ReadResult r;
      try {
        r = reader.read(line.bytes(), EventJsonReader.Format.NDJSON);
      } catch (ArithmeticException e) {
        continue; // today's reader overflows on far timestamps (issue 13, fifth finding): not
        // accepted either
      }
      if (!r.events().isEmpty() && r.events().get(0).timestampMillis() >= tooLateBefore) {
        acceptedByReader.add(line.kind() + ": " + new String(line.bytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(acceptedByReader).isEmpty();
  }

  @Test
  void aShortenedContentLengthCountsOnlyTheLinesWhollyInside() {
    SentEvent a = new SentEvent("a", "view", "{\"a\":1}".getBytes());
    SentEvent b = new SentEvent("b", "view", "{\"b\":2}".getBytes());
    byte[] body = "{\"a\":1}\n{\"b\":2}\n".getBytes();
    assertThat(EventRequests.wholeLinesWithin(List.of(a, b), body, 7)).containsExactly(a);
    assertThat(EventRequests.wholeLinesWithin(List.of(a, b), body, 10)).containsExactly(a);
    assertThat(EventRequests.wholeLinesWithin(List.of(a, b), body, 15)).containsExactly(a, b);
    assertThat(EventRequests.wholeLinesWithin(List.of(a, b), body, 6)).isEmpty();
  }
}
