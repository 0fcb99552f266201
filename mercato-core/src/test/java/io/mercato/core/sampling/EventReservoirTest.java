package io.mercato.core.sampling;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.sketch.TestEvents;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventReservoirTest {
  static final Windows WINDOWS = Windows.defaults();
  static final Window TEN_MIN = WINDOWS.byName("10m");

  /**
   * 60 events in the 10m window, unevenly spread over its 100 s sub-buckets (40, 15 and 5), so a
   * sampler that ignored the seen-counts would over-sample the small sub-buckets.
   */
  static List<Event> uneven() {
    List<Event> events = new ArrayList<>();
    int[] perBucket = {40, 15, 5};
    for (int b = 0; b < perBucket.length; b++) {
      long start = (Math.floorDiv(T0, 100_000L) - b) * 100_000L;
      for (int i = 0; i < perBucket[b]; i++) {
        events.add(
            event(
                "e" + b + "-" + i,
                i % 3 == 0 ? "click" : "view",
                "u" + i,
                "p" + i,
                null,
                start + i * 1_000L));
      }
    }
    return events;
  }

  static EventReservoir of(List<Event> events, int capacity, long seed) {
    EventReservoir r = new EventReservoir(WINDOWS, capacity, new SplittableRandom(seed));
    events.forEach(r::apply);
    return r;
  }

  @Test
  void neverHoldsMoreThanCapacityPerSubBucket() {
    SplittableRandom rnd = new SplittableRandom(1);
    EventReservoir r = new EventReservoir(WINDOWS, 10, new SplittableRandom(2));
    long t = T0;
    for (int i = 0; i < 200_000; i++) {
      t += rnd.nextInt(3_000);
      r.apply(event("e" + i, "view", "u" + rnd.nextInt(100), "p", null, t));
      assertThat(r.largestReservoir()).isLessThanOrEqualTo(10);
    }
    // Bounded: at most 104 sub-buckets of 10 events each over all default windows.
    assertThat(r.retainedReservoirs()).isLessThanOrEqualTo(104);
    assertThat(r.retainedEvents()).isLessThanOrEqualTo(1_040);
    assertThat(r.sample(TEN_MIN, t, 1_000, null)).hasSizeLessThanOrEqualTo(60);
  }

  @Test
  void aSeededSampleIsReproducible() {
    List<Event> events = uneven();
    List<Event> a = of(events, 10, 7).sample(TEN_MIN, T0, 10, null);
    List<Event> b = of(events, 10, 7).sample(TEN_MIN, T0, 10, null);
    assertThat(a).hasSize(10).isEqualTo(b);
    assertThat(of(events, 10, 8).sample(TEN_MIN, T0, 10, null)).isNotEqualTo(a);
  }

  /**
   * Over many seeded trials every event's inclusion frequency is near n/N. A chi-square statistic
   * over the 60 events (59 degrees of freedom: mean 59, sd ~11) must stay below 130, far beyond
   * chance (p < 1e-6) but well below what weighting sub-buckets equally would give (the 5 events of
   * the small sub-bucket would be picked ~5x too often).
   */
  @Test
  void inclusionIsUniformOverTheWindowDirectAndAfterMerge() {
    List<Event> events = uneven();
    int trials = 3_000;
    int n = 10;
    for (boolean viaMerge : new boolean[] {false, true}) {
      Map<String, Integer> hits = new HashMap<>();
      for (int trial = 0; trial < trials; trial++) {
        EventReservoir r;
        if (viaMerge) {
          SplittableRandom split = new SplittableRandom(1_000_000L + trial);
          List<Event> left = new ArrayList<>();
          List<Event> right = new ArrayList<>();
          for (Event e : events) {
            (split.nextBoolean() ? left : right).add(e);
          }
          r = of(left, n, trial);
          r.merge(of(right, n, -trial - 1));
        } else {
          r = of(events, n, trial);
        }
        for (Event e : r.sample(TEN_MIN, T0, n, null)) {
          hits.merge(e.eventId(), 1, Integer::sum);
        }
      }
      double expected = (double) trials * n / events.size();
      double chi2 = 0;
      for (Event e : events) {
        double d = hits.getOrDefault(e.eventId(), 0) - expected;
        chi2 += d * d / expected;
      }
      assertThat(chi2).as("chi-square, via merge: %s", viaMerge).isLessThan(130);
    }
  }

  @Test
  void typeFilterReturnsOnlyThatType() {
    List<Event> sample = of(uneven(), 10, 3).sample(TEN_MIN, T0, 100, "click");
    assertThat(sample).isNotEmpty().allMatch(e -> e.type().equals("click"));
    assertThat(of(uneven(), 10, 3).sample(TEN_MIN, T0, 5, "purchase")).isEmpty();
  }

  @Test
  void sampleIsNewestFirst() {
    List<Event> sample = of(uneven(), 10, 3).sample(TEN_MIN, T0, 10, null);
    for (int i = 1; i < sample.size(); i++) {
      assertThat(sample.get(i - 1).timestampMillis())
          .isGreaterThanOrEqualTo(sample.get(i).timestampMillis());
    }
  }

  static byte[] bytes(EventReservoir r) {
    BinaryWriter out = new BinaryWriter();
    r.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsEveryReservoir() {
    EventReservoir r = of(uneven(), 10, 5);
    byte[] b = bytes(r);
    BinaryReader in = new BinaryReader(b);
    EventReservoir back = EventReservoir.read(in, new SplittableRandom(9));
    in.expectEnd();
    assertThat(bytes(back)).isEqualTo(b);
    // Same retained events and counts: the same generator state gives the same sample.
    EventReservoir again = EventReservoir.read(new BinaryReader(b), new SplittableRandom(9));
    assertThat(back.sample(TEN_MIN, T0, 10, null)).isEqualTo(again.sample(TEN_MIN, T0, 10, null));
  }

  @Test
  void version1BytesArePinned() {
    EventReservoir empty = new EventReservoir(WINDOWS, 100, new SplittableRandom(1));
    // version 1 | capacity 100 | lateness 600000 | 6 per window | no newest | 5 windows
    assertThat(HexFormat.of().formatHex(bytes(empty)))
        .startsWith("01" + "64" + "c0cf24" + "06" + "00" + "05");
  }

  @Test
  void truncatedOrDamagedInputIsCorruptData() {
    EventReservoir r = new EventReservoir(WINDOWS, 2, new SplittableRandom(1));
    r.apply(event("a", "view", "u1", "p1", null, T0));
    r.apply(event("b", "click", "u2", null, null, T0 - 1));
    r.apply(event("c", "view", "u3", "p3", null, T0 - 2));
    byte[] b = bytes(r);
    TestEvents.assertEveryTruncationIsCorrupt(
        b, in -> EventReservoir.read(in, new SplittableRandom(1)));
    TestEvents.assertByteDamageIsCorruptOrHarmless(
        b, in -> EventReservoir.read(in, new SplittableRandom(1)));
  }
}
