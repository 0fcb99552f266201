package io.mercato.core.sketch;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WindowedDistinctTest {
  static final Windows WINDOWS = Windows.defaults();

  /** 1.04 / sqrt(2^12): the relative standard error documented for lgK 12. */
  static final double RSE = 1.04 / Math.sqrt(4096);

  /** Users u0..u(users-1), 1–3 events each, at random times in the 26 h before {@link TestEvents#T0}. */
  static List<Event> stream(int users, long seed) {
    Random rnd = new Random(seed);
    List<Event> events = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        long t = T0 - (long) (rnd.nextDouble() * 26 * 3_600_000L);
        events.add(view("e" + events.size(), "u" + u, "p1", t));
      }
    }
    Collections.shuffle(events, rnd);
    return events;
  }

  /** Brute force: distinct users whose events the window covers at sub-bucket granularity. */
  static long exact(List<Event> events, Window w, long now) {
    Window sub =
        new Window(
            w.name(),
            w.lengthMillis(),
            SubBuckets.subBucketMillis(w, SubBuckets.DEFAULT_PER_WINDOW));
    Set<String> users = new HashSet<>();
    for (Event e : events) {
      if (sub.covers(e.timestampMillis(), now)) {
        users.add(e.userId());
      }
    }
    return users.size();
  }

  static WindowedDistinct of(List<Event> events) {
    WindowedDistinct d = new WindowedDistinct(WINDOWS);
    events.forEach(d::apply);
    return d;
  }

  @Test
  void estimateIsWithinThreeStandardErrorsOfTheExactCount() {
    for (int users : new int[] {10, 1_000, 100_000}) {
      List<Event> events = stream(users, users);
      WindowedDistinct d = of(events);
      for (Window w : WINDOWS.all()) {
        for (long now : new long[] {T0, T0 - 5 * 60_000L}) {
          long exact = exact(events, w, now);
          WindowedDistinct.DistinctEstimate est = d.bounds(w, now);
          assertThat((double) est.estimate())
              .as("%d users, window %s at %d", users, w.name(), now)
              .isCloseTo(exact, Offset.offset(3 * RSE * exact + 0.5));
          assertThat(est.lowerBound()).isLessThanOrEqualTo(est.estimate());
          assertThat(est.upperBound()).isGreaterThanOrEqualTo(est.estimate());
        }
      }
    }
  }

  @Test
  void smallCountsAreExact() {
    List<Event> events = stream(300, 3);
    WindowedDistinct d = of(events);
    for (Window w : WINDOWS.all()) {
      assertThat(d.estimate(w, T0)).as(w.name()).isEqualTo(exact(events, w, T0));
    }
  }

  @Test
  void mergeOfRandomPartitionsInAnyOrderGivesTheSameEstimate() {
    for (int users : new int[] {200, 20_000}) {
      List<Event> events = stream(users, 11);
      WindowedDistinct single = of(events);
      Random rnd = new Random(5);
      List<Long> firstMerged = null;
      for (int trial = 0; trial < 6; trial++) {
        int parts = 2 + rnd.nextInt(5);
        List<WindowedDistinct> partials = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          partials.add(new WindowedDistinct(WINDOWS));
        }
        for (Event e : events) {
          partials.get(rnd.nextInt(parts)).apply(e);
        }
        Collections.shuffle(partials, rnd);
        WindowedDistinct merged = new WindowedDistinct(WINDOWS);
        partials.forEach(merged::merge);
        List<Long> estimates = new ArrayList<>();
        for (Window w : WINDOWS.all()) {
          long one = single.estimate(w, T0);
          long m = merged.estimate(w, T0);
          estimates.add(m);
          if (users <= 300) {
            // LIST/SET mode: union is exact, so partitioning cannot change anything.
            assertThat(m).as(w.name()).isEqualTo(one);
          } else {
            assertThat((double) m).as(w.name()).isCloseTo(one, Offset.offset(2 * RSE * one));
          }
        }
        // HLL union takes register-wise maxima: the merged result does not depend on partition or
        // order.
        if (firstMerged == null) {
          firstMerged = estimates;
        } else {
          assertThat(estimates).isEqualTo(firstMerged);
        }
        assertThat(merged.newestMillis()).isEqualTo(single.newestMillis());
      }
    }
  }

  @Test
  void evictionKeepsMemoryBoundedOverALongStream() {
    WindowedDistinct d = new WindowedDistinct(WINDOWS);
    int bound = 0;
    for (Window w : WINDOWS.all()) {
      long s = SubBuckets.subBucketMillis(w, SubBuckets.DEFAULT_PER_WINDOW);
      bound +=
          SubBuckets.DEFAULT_PER_WINDOW
              + (int) Math.ceil((double) WINDOWS.latenessMillis() / s)
              + 1;
    }
    Random rnd = new Random(9);
    long t = T0;
    int maxSeen = 0;
    // 30 days, one event every 0–14 s: about 370k events across every sub-bucket width.
    for (long end = T0 + 30L * 86_400_000L; t < end; t += rnd.nextInt(14_000)) {
      d.apply(view("e" + t, "u" + rnd.nextInt(5_000), "p", t));
      maxSeen = Math.max(maxSeen, d.retainedSketches());
    }
    assertThat(maxSeen).isLessThanOrEqualTo(bound).isLessThanOrEqualTo(104);
    BinaryWriter out = new BinaryWriter();
    d.writeTo(out);
    // A saturated HLL_4 image at lgK 12 is at most ~2.2 KB; 104 of them bound the whole state.
    assertThat(out.size()).isLessThan(104 * 2_300);
  }

  @Test
  void aKeyWithFewUsersStaysSmall() {
    WindowedDistinct d = new WindowedDistinct(WINDOWS);
    for (int i = 0; i < 3; i++) {
      d.apply(view("e" + i, "u" + i, "p", T0 - i * 1_000L));
    }
    BinaryWriter out = new BinaryWriter();
    d.writeTo(out);
    // Five LIST-mode sketches of three 4-byte coupons, next to ~2.1 KB for one saturated HLL_4
    // sketch.
    assertThat(out.size()).isLessThan(300);
    assertThat(d.estimate(WINDOWS.byName("1m"), T0)).isEqualTo(3);
  }

  @Test
  void lateEventsBeyondRetentionAreIgnoredWhateverTheArrivalOrder() {
    Window tenMin = WINDOWS.byName("10m");
    Event recent = view("a", "u1", "p", T0);
    Event tooOld = view("b", "u2", "p", T0 - 2 * 3_600_000L);
    WindowedDistinct inOrder = of(List.of(tooOld, recent));
    WindowedDistinct reversed = of(List.of(recent, tooOld));
    for (Window w : WINDOWS.all()) {
      assertThat(inOrder.bounds(w, T0)).isEqualTo(reversed.bounds(w, T0));
    }
    assertThat(inOrder.estimate(tenMin, T0)).isEqualTo(1);
    assertThat(inOrder.estimate(WINDOWS.byName("24h"), T0)).isEqualTo(2);
  }

  @Test
  void unknownWindowIsRejected() {
    WindowedDistinct d = new WindowedDistinct(WINDOWS);
    assertThatThrownBy(() -> d.estimate(new Window("5m", 300_000, 10_000), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5m");
  }

  static byte[] bytes(WindowedDistinct d) {
    BinaryWriter out = new BinaryWriter();
    d.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsEveryEstimate() {
    List<Event> events = stream(2_000, 4);
    WindowedDistinct d = of(events);
    byte[] b = bytes(d);
    BinaryReader r = new BinaryReader(b);
    WindowedDistinct back = WindowedDistinct.read(r);
    r.expectEnd();
    // Bytes are not canonical (DataSketches re-lays out LIST/SET coupons on decode); estimates are.
    WindowedDistinct twice = WindowedDistinct.read(new BinaryReader(bytes(back)));
    assertThat(twice.retainedSketches()).isEqualTo(d.retainedSketches());
    assertThat(twice.newestMillis()).isEqualTo(d.newestMillis());
    for (Window w : WINDOWS.all()) {
      assertThat(back.bounds(w, T0)).isEqualTo(d.bounds(w, T0));
      assertThat(twice.bounds(w, T0)).isEqualTo(d.bounds(w, T0));
    }
  }

  @Test
  void version1BytesArePinned() {
    String empty = HexFormat.of().formatHex(bytes(new WindowedDistinct(WINDOWS)));
    // version 1 | lgK 12 | lateness 600000 ms | 6 per window | no newest | 5 windows
    //   | "1m" 10000 ms 0 | "10m" 100000 ms 0 | "1h" 600000 ms 0 | "24h" 14400000 ms 0 | "7d"
    // 100800000 ms 0
    assertThat(empty)
        .isEqualTo(
            "010c"
                + "c0cf24"
                + "06"
                + "00"
                + "05"
                + "02316d"
                + "904e"
                + "00"
                + "0331306d"
                + "a08d06"
                + "00"
                + "023168"
                + "c0cf24"
                + "00"
                + "03323468"
                + "80f4ee06"
                + "00"
                + "023764"
                + "80ac8830"
                + "00");
    WindowedDistinct one = new WindowedDistinct(WINDOWS);
    one.apply(view("e", "u", "p", T0));
    assertThat(HexFormat.of().formatHex(bytes(one)))
        .startsWith("010c" + "c0cf24" + "06" + "01" + "000001a3185c5000" + "05");
  }

  @Test
  void truncatedOrDamagedInputIsCorruptData() {
    WindowedDistinct d = of(stream(5, 2));
    byte[] b = bytes(d);
    TestEvents.assertEveryTruncationIsCorrupt(b, WindowedDistinct::read);
    TestEvents.assertByteDamageIsCorruptOrHarmless(b, WindowedDistinct::read);
  }
}
