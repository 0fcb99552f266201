package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-checked semantics: window edges, the eviction boundary, argument checks. */
class WindowedCountsTest {
  static final Windows DEFAULTS = Windows.defaults();

  static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void selectCountsTheChosenTypesAsOneInEveryWindow() {
    Windows windows = Windows.defaults();
    SplittableRandom rnd = new SplittableRandom(21);
    WindowedCounts all = new WindowedCounts(windows);
    WindowedCounts asOne = new WindowedCounts(windows);
    long now = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    List<String> types = List.of("view", "click", "purchase", "wishlist");
    for (int i = 0; i < 5_000; i++) {
      String type = types.get(rnd.nextInt(types.size()));
      long t = now - rnd.nextLong(8 * 86_400_000L);
      all.add(type, t, 1);
      if (type.equals("view") || type.equals("wishlist")) {
        asOne.add("shoes", t, 1);
      }
    }
    all.add("click", now, 1);
    WindowedCounts selected = all.select(List.of("view", "wishlist", "never"), "shoes");
    for (Window w : windows.all()) {
      assertThat(selected.count("shoes", w, now))
          .as(w.name())
          .isEqualTo(asOne.count("shoes", w, now))
          .isEqualTo(all.count(List.of("view", "wishlist"), w, now));
      assertThat(selected.counts(w, now).keySet()).as(w.name()).allMatch("shoes"::equals);
    }
    assertThat(all.select(List.of("never"), "x").isEmpty()).isTrue();
  }

  @Test
  void oneMinuteWindowCoversWholeTenSecondBucketsEndingWithNow() {
    // Window's own example: the 1m window at 12:00:35 covers 11:59:40.000–12:00:39.999.
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    c.add("click", at("2026-11-24T11:59:39.999Z"), 1);
    c.add("click", at("2026-11-24T11:59:40.000Z"), 2);
    c.add("click", at("2026-11-24T12:00:39.999Z"), 4);
    c.add("click", at("2026-11-24T12:00:40.000Z"), 8);
    Window m1 = DEFAULTS.byName("1m");
    assertThat(c.count("click", m1, at("2026-11-24T12:00:35Z"))).isEqualTo(6);
    assertThat(c.count("click", m1, at("2026-11-24T12:00:40Z")))
        .isEqualTo(12); // 11:59:50–12:00:49.999
    assertThat(c.count("click", DEFAULTS.byName("10m"), at("2026-11-24T12:00:40Z"))).isEqualTo(15);
    assertThat(c.count("view", m1, at("2026-11-24T12:00:40Z"))).isZero();
  }

  @Test
  void longWindowsUseHourBuckets() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    c.add("view", at("2026-11-23T11:59:59.999Z"), 1); // hour bucket 11:00 of the day before
    c.add("view", at("2026-11-23T12:00:00Z"), 1);
    c.add("view", at("2026-11-24T11:30:00Z"), 1);
    Window d1 = DEFAULTS.byName("24h");
    // At 11:45 the 24h window covers the 24 hour buckets from 2026-11-23T12:00 to
    // 2026-11-24T11:59:59.999.
    assertThat(c.count("view", d1, at("2026-11-24T11:45:00Z"))).isEqualTo(2);
    assertThat(c.count("view", DEFAULTS.byName("7d"), at("2026-11-24T11:45:00Z"))).isEqualTo(3);
    assertThat(c.count("view", DEFAULTS.byName("1h"), at("2026-11-24T11:45:00Z"))).isEqualTo(1);
  }

  @Test
  void bucketIsEvictedExactlyWhenItsEndReachesTheRetentionCutoff() {
    Windows w = new Windows(List.of("1m"), Duration.ZERO); // fine retention 60 s, no coarse layout
    Window m1 = w.byName("1m");
    WindowedCounts kept = new WindowedCounts(w);
    kept.add("click", at("2026-11-24T11:59:59.999Z"), 1); // bucket [11:59:50, 12:00:00)
    kept.add("click", at("2026-11-24T12:00:59.999Z"), 1); // cutoff 11:59:59.999 < bucket end: kept
    assertThat(kept.count("click", m1, at("2026-11-24T12:00:05Z"))).isEqualTo(1);

    WindowedCounts evicted = new WindowedCounts(w);
    evicted.add("click", at("2026-11-24T11:59:59.999Z"), 1);
    evicted.add(
        "click", at("2026-11-24T12:01:00.000Z"), 1); // cutoff 12:00:00.000 = bucket end: dropped
    assertThat(evicted.count("click", m1, at("2026-11-24T12:00:05Z"))).isZero();

    WindowedCounts fresh = new WindowedCounts(w);
    fresh.add("click", at("2026-11-24T12:01:00.000Z"), 1);
    assertThat(evicted).isEqualTo(fresh);
    // A late event for a dropped bucket is ignored: it would have been evicted had it come first.
    evicted.add("click", at("2026-11-24T11:59:55Z"), 1);
    evicted.add("view", at("2026-11-24T11:59:55Z"), 1);
    assertThat(evicted).isEqualTo(fresh);
  }

  @Test
  void eventTooOldForFineBucketsStillCountsInCoarseOnes() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    long now = at("2026-11-24T12:00:00Z");
    c.add("view", now, 1);
    c.add("view", now - Duration.ofHours(2).toMillis(), 1);
    c.add("view", now - Duration.ofDays(8).toMillis(), 1); // beyond 7d + 10m: ignored
    assertThat(c.counts(DEFAULTS.byName("1h"), now)).containsExactly(Map.entry("view", 1L));
    assertThat(c.counts(DEFAULTS.byName("24h"), now)).containsExactly(Map.entry("view", 2L));
    assertThat(c.counts(DEFAULTS.byName("7d"), now)).containsExactly(Map.entry("view", 2L));
  }

  @Test
  void countsListsNonZeroTypesInOrder() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    long now = at("2026-11-24T12:00:00Z");
    c.apply(new Event("e1", false, "view", "u1", "i1", null, null, null, null, now, Map.of()));
    c.add("wishlist", now, 3);
    c.add("click", now - Duration.ofMinutes(30).toMillis(), 2);
    assertThat(c.counts(DEFAULTS.byName("10m"), now))
        .containsExactly(Map.entry("view", 1L), Map.entry("wishlist", 3L));
    assertThat(c.counts(DEFAULTS.byName("1h"), now).keySet())
        .containsExactly("click", "view", "wishlist");
    assertThat(c.newestMillis()).isEqualTo(now);
  }

  @Test
  void emptyAggregateAnswersZero() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    assertThat(c.isEmpty()).isTrue();
    assertThat(c.newestMillis()).isEqualTo(Long.MIN_VALUE);
    assertThat(c.count("view", DEFAULTS.byName("7d"), 0)).isZero();
    assertThat(c.counts(DEFAULTS.byName("1m"), 0)).isEmpty();
    c.add("view", 5, 0);
    assertThat(c.isEmpty()).isTrue();
    assertThat(c).isEqualTo(new WindowedCounts(DEFAULTS));
  }

  @Test
  void extremeTimestampsDoNotOverflow() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    c.add("view", Long.MIN_VALUE, 1);
    assertThat(c.count("view", DEFAULTS.byName("1m"), Long.MIN_VALUE)).isEqualTo(1);
    c.add("view", Long.MAX_VALUE, 1);
    assertThat(c.count("view", DEFAULTS.byName("7d"), Long.MAX_VALUE)).isEqualTo(1);
    assertThat(c.count("view", DEFAULTS.byName("1m"), Long.MIN_VALUE)).isZero();
    assertThat(c.newestMillis()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void overflowingBucketIsRejectedAndLeavesStateUnchanged() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    c.add("view", 1_000, PackedBuckets.MAX_COUNT);
    WindowedCounts before = c.copy();
    assertThatThrownBy(() -> c.add("view", 2_000, 1)).isInstanceOf(ArithmeticException.class);
    // A new fine bucket but a full coarse one:
    assertThatThrownBy(() -> c.add("view", 3_000_000, 1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> c.merge(before)).isInstanceOf(ArithmeticException.class);
    assertThat(c).isEqualTo(before);
    c.add("view", 10_000, 0);
    assertThat(c).isEqualTo(before);
  }

  @Test
  void argumentsAreCheckedWithPreciseMessages() {
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    assertThatThrownBy(() -> c.add("view", 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count to add must not be negative but was -1");
    assertThatThrownBy(() -> c.add(null, 0, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.count("view", new Window("5m", 300_000, 10_000), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1m, 10m, 1h, 24h, 7d]");
    WindowedCounts other = new WindowedCounts(new Windows(List.of("1m"), Duration.ofMinutes(10)));
    other.add("view", 0, 1);
    assertThatThrownBy(() -> c.merge(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1m] with lateness 600000 ms");
    assertThatThrownBy(() -> new WindowedCounts(new Windows(List.of("1m"), Duration.ofDays(3650))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reduce the allowed lateness");
  }

  @Test
  void equalConfigurationsMergeEvenWhenDistinctInstances() {
    Windows a = new Windows(List.of("7d", "1m"), Duration.ofMinutes(5));
    Windows b = new Windows(List.of("1m", "7d"), Duration.ofMinutes(5));
    WindowedCounts x = new WindowedCounts(a);
    WindowedCounts y = new WindowedCounts(b);
    y.add("view", 1_000, 1);
    x.merge(y);
    assertThat(x).isEqualTo(y);
  }

  @Test
  void copyAndMergeSourceAreIndependent() {
    WindowedCounts a = new WindowedCounts(DEFAULTS);
    a.add("view", 1_000_000, 1);
    WindowedCounts b = a.copy();
    WindowedCounts bBefore = b.copy();
    a.merge(b);
    a.add("view", 5_000_000, 1);
    a.add("view", 1_000_000, 1);
    assertThat(b).isEqualTo(bBefore);
    assertThat(b.count("view", DEFAULTS.byName("1m"), 1_000_000)).isEqualTo(1);
    assertThat(a.count("view", DEFAULTS.byName("24h"), 5_000_000)).isEqualTo(4);
  }

  @Test
  void toStringShowsBucketStarts() {
    WindowedCounts c = new WindowedCounts(new Windows(List.of("1m", "24h"), Duration.ZERO));
    c.add("click", 3_600_000 + 25_000, 2);
    assertThat(c)
        .hasToString(
            "WindowedCounts{newestMillis=3625000, click={fine={3620000=2}, coarse={3600000=2}}}");
  }

  @Test
  void veryLongRetentionLeavesFewerBitsForCountsAndTypes() {
    // 1000 days of lateness: 8.6 million fine buckets need 24 age bits, so counts get 30 and types
    // 8.
    Windows w = new Windows(List.of("1m"), Duration.ofDays(1000));
    WindowedCounts c = new WindowedCounts(w);
    assertThat(c.maxCount()).isEqualTo((1L << 30) - 1);
    assertThat(c.maxCustomTypes()).isEqualTo(256 - 8);
    c.add("view", 1_000, c.maxCount());
    WindowedCounts before = c.copy();
    assertThatThrownBy(() -> c.add("view", 2_000, 1)).isInstanceOf(ArithmeticException.class);
    for (int i = 0; i < c.maxCustomTypes(); i++) {
      c.add("custom-" + i, 1_000, 1);
    }
    WindowedCounts full = c.copy();
    assertThatThrownBy(() -> c.add("one-too-many", 1_000, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most 248 custom types");
    assertThat(c).isEqualTo(full).isNotEqualTo(before);
    assertThat(c.count("custom-247", w.byName("1m"), 1_000)).isEqualTo(1);
    assertThat(new WindowedCounts(DEFAULTS).maxCount()).isEqualTo(PackedBuckets.MAX_COUNT);
  }

  @Test
  void customTypesSeenInDifferentOrdersMergeByName() {
    WindowedCounts a = new WindowedCounts(DEFAULTS);
    a.add("share", 10_000, 1);
    a.add("wishlist", 10_000, 2);
    WindowedCounts b = new WindowedCounts(DEFAULTS);
    b.add("wishlist", 20_000, 4);
    b.add("share", 10_000, 8);
    b.add("view", 10_000, 16);
    a.merge(b);
    Window h1 = DEFAULTS.byName("1h");
    assertThat(a.counts(h1, 20_000))
        .containsExactly(Map.entry("share", 9L), Map.entry("view", 16L), Map.entry("wishlist", 6L));
    assertThat(a.toString())
        .isEqualTo(
            "WindowedCounts{newestMillis=20000, share={fine={10000=9}, coarse={0=9}}, view={fine={10000=16}, "
                + "coarse={0=16}}, wishlist={fine={10000=2, 20000=4}, coarse={0=6}}}");
  }
}
