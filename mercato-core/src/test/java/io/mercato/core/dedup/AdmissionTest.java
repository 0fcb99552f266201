package io.mercato.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.dedup.Admission.Verdict;
import io.mercato.core.event.Event;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static final long HOUR = 3_600_000L;

  /** Longest window 1h, lateness 10 min: an event more than 70 min older than the newest is too late. */
  static final Windows WINDOWS = new Windows(List.of("1m", "1h"), Duration.ofMinutes(10));

  static Event event(String id, long t) {
    return new Event(id, false, "view", "u1", "i1", null, null, null, null, t, Map.of());
  }

  static Event generated(String id, long t) {
    return new Event(id, true, "view", "u1", "i1", null, null, null, null, t, Map.of());
  }

  /** Ids in a set, and every id the rule asked about. */
  static final class Ids implements Admission.IdMemory<RuntimeException> {
    final Set<String> seen = new HashSet<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean markIfNew(Event e) {
      asked.add(e.eventId());
      return seen.add(e.eventId());
    }
  }

  @Test
  void firstSightingIsAcceptedAndARepeatIsADuplicate() {
    Admission a = new Admission(WINDOWS, Long.MIN_VALUE);
    Ids ids = new Ids();
    assertThat(a.admit(event("e-1", 10 * HOUR), ids)).isEqualTo(Verdict.ACCEPTED);
    assertThat(a.admit(event("e-1", 10 * HOUR), ids)).isEqualTo(Verdict.DUPLICATE);
    assertThat(a.admit(event("e-2", 10 * HOUR), ids)).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void acceptedEventsAdvanceTheNewestTimeAndOlderOnesDoNotLowerIt() {
    Admission a = new Admission(WINDOWS, Long.MIN_VALUE);
    Ids ids = new Ids();
    assertThat(a.newestMillis()).isEqualTo(Long.MIN_VALUE);
    a.admit(event("e-1", 10 * HOUR), ids);
    assertThat(a.newestMillis()).isEqualTo(10 * HOUR);
    a.admit(event("e-2", 9 * HOUR), ids);
    assertThat(a.newestMillis()).isEqualTo(10 * HOUR);
  }

  @Test
  void tooLateIsJudgedBeforeTheIdSoARejectedEventDoesNotClaimIt() {
    Admission a = new Admission(WINDOWS, 10 * HOUR);
    Ids ids = new Ids();
    long late = 10 * HOUR - 71 * 60_000L;
    assertThat(a.admit(event("e-1", late), ids)).isEqualTo(Verdict.TOO_LATE);
    assertThat(ids.asked).isEmpty();
    // The same id at an admissible time is then new, not a duplicate.
    assertThat(a.admit(event("e-1", 10 * HOUR), ids)).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void theLatenessBoundItselfIsStillAdmitted() {
    Admission a = new Admission(WINDOWS, 10 * HOUR);
    assertThat(a.admit(event("edge", 10 * HOUR - 70 * 60_000L), new Ids()))
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void aDuplicateDoesNotAdvanceTheNewestTime() {
    Admission a = new Admission(WINDOWS, Long.MIN_VALUE);
    Ids ids = new Ids();
    a.admit(event("e-1", HOUR), ids);
    assertThat(a.admit(event("e-1", 5 * HOUR), ids)).isEqualTo(Verdict.DUPLICATE);
    assertThat(a.newestMillis()).isEqualTo(HOUR);
  }

  @Test
  void generatedIdsAreNeverDuplicatesAndNeverRemembered() {
    Admission a = new Admission(WINDOWS, Long.MIN_VALUE);
    Ids ids = new Ids();
    assertThat(a.admit(generated("g", HOUR), ids)).isEqualTo(Verdict.ACCEPTED);
    assertThat(a.admit(generated("g", HOUR), ids)).isEqualTo(Verdict.ACCEPTED);
    assertThat(ids.asked).isEmpty();
  }

  @Test
  void readmitRemembersTheIdAndAdvancesTheTimeWithoutJudging() {
    Admission a = new Admission(WINDOWS, 10 * HOUR);
    Ids ids = new Ids();
    a.readmit(event("old", HOUR), ids); // far too late for admit: replay never rejects
    a.readmit(event("new", 11 * HOUR), ids);
    assertThat(ids.seen).containsExactlyInAnyOrder("old", "new");
    assertThat(a.newestMillis()).isEqualTo(11 * HOUR);
    assertThat(a.admit(event("new", 11 * HOUR), ids)).isEqualTo(Verdict.DUPLICATE);
  }

  @Test
  void observedTimesOnlyRaiseTheNewestTime() {
    Admission a = new Admission(WINDOWS, 5 * HOUR);
    a.observe(3 * HOUR);
    assertThat(a.newestMillis()).isEqualTo(5 * HOUR);
    a.observe(8 * HOUR);
    assertThat(a.newestMillis()).isEqualTo(8 * HOUR);
    // Judged against the observed time (8 h), no longer the one it started from (5 h).
    assertThat(a.admit(event("e", 7 * HOUR), new Ids())).isEqualTo(Verdict.ACCEPTED);
    assertThat(a.admit(event("f", 8 * HOUR - 71 * 60_000L), new Ids())).isEqualTo(Verdict.TOO_LATE);
  }

  @Test
  void theTooLateErrorNamesTheTimestampAndTheBound() {
    assertThat(new Admission(WINDOWS, 0).tooLateError().field()).isEqualTo("timestamp");
    assertThat(new Admission(WINDOWS, 0).tooLateError().message())
        .isEqualTo(
            "is too late: older than the newest event time minus the longest window (1h) and the allowed lateness (10m)");
  }

  @Test
  void aCheckedFailureOfTheIdStoreReachesTheCaller() {
    Admission a = new Admission(WINDOWS, Long.MIN_VALUE);
    Admission.IdMemory<Exception> broken =
        e -> {
          throw new Exception("state backend down");
        };
    assertThatThrownBy(() -> a.admit(event("e", HOUR), broken)).hasMessage("state backend down");
    assertThat(a.newestMillis()).isEqualTo(Long.MIN_VALUE);
  }
}
