package io.mercato.core.profile;

import static io.mercato.core.profile.ProfileEvents.CONFIG;
import static io.mercato.core.profile.ProfileEvents.DAY;
import static io.mercato.core.profile.ProfileEvents.HOUR;
import static io.mercato.core.profile.ProfileEvents.T0;
import static io.mercato.core.profile.ProfileEvents.WINDOWS;
import static io.mercato.core.profile.ProfileEvents.event;
import static io.mercato.core.profile.ProfileEvents.zipf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-profile footprint from {@link UserProfile#estimatedBytes()} for a realistic synthetic mix
 * (ARCHITECTURE.md §4.5). Ids are interned through one shared pool, as an engine shard would; the
 * pool is not counted per profile.
 *
 * <p>The mix: 10,000 users; events per user 1–3 (50%), 4–10 (35%), 11–99 (13%), 100–400 (2%); events
 * come in sessions (5 s – 3 min apart) separated by 1 h – 3 days; types view 65%, click 20%,
 * add_to_cart 8%, purchase 3%, impression 4%; 90% carry one of 100,000 items and a category of 50,
 * both Zipf-like.
 *
 * <p>Measured (default config and windows): mean 457 bytes = 350 the profile's own object and arrays
 * + 107 its {@link WindowedCounts} (one packed cell array; 238 when it kept a table and an array per
 * type and width); p50 328, p99 1472, max 1632 (all caps reached); 248 bytes for a user with a single
 * event. Purchased items (for segment conditions) cost 20 of those bytes on average: 8 in the object
 * (two array references) and the arrays of the users who bought an item (437 bytes before them). The
 * assertions below pin the measured figures as a regression budget.
 */
class UserProfileMemoryTest {
  record Footprint(long meanTotal, long meanCounts, long p50, long p99, long max) {}

  static List<Event> user(SplittableRandom rnd) {
    int p = rnd.nextInt(100);
    int n =
        p < 50
            ? 1 + rnd.nextInt(3)
            : p < 85 ? 4 + rnd.nextInt(7) : p < 98 ? 11 + rnd.nextInt(89) : 100 + rnd.nextInt(301);
    List<Event> out = new ArrayList<>(n);
    long t = T0 + rnd.nextLong(7 * DAY);
    for (int i = 0; i < n; i++) {
      t += rnd.nextInt(5) == 0 ? HOUR + rnd.nextLong(3 * DAY) : 5_000 + rnd.nextLong(175_000);
      int k = rnd.nextInt(100);
      String type =
          k < 65
              ? "view"
              : k < 85 ? "click" : k < 93 ? "add_to_cart" : k < 96 ? "purchase" : "impression";
      boolean withItem = rnd.nextInt(10) != 0;
      String item = withItem ? "item-" + zipf(rnd, 100_000) : null;
      String category = withItem ? "cat-" + zipf(rnd, 50) : null;
      Double value = type.equals("purchase") ? rnd.nextDouble(5, 300) : null;
      out.add(event(type, t, item, category, value));
    }
    return out;
  }

  static Footprint measure(Windows windows) {
    SplittableRandom rnd = new SplittableRandom(2026);
    Map<String, String> pool = new HashMap<>();
    Interner interner = s -> pool.computeIfAbsent(s, x -> x);
    int users = 10_000;
    long[] sizes = new long[users];
    long total = 0;
    long counts = 0;
    for (int u = 0; u < users; u++) {
      UserProfile p = new UserProfile(CONFIG, windows, interner);
      WindowedCounts c = new WindowedCounts(windows);
      for (Event e : user(rnd)) {
        p.apply(e);
        c.apply(e);
      }
      sizes[u] = p.estimatedBytes();
      total += sizes[u];
      counts += c.estimatedBytes();
    }
    Arrays.sort(sizes);
    return new Footprint(
        total / users, counts / users, sizes[users / 2], sizes[users * 99 / 100], sizes[users - 1]);
  }

  @Test
  void realisticMixStaysWithinTheMeasuredBudget() {
    Footprint f = measure(WINDOWS);
    System.out.printf(
        "UserProfile bytes, default windows %s: mean %d (own %d + counts %d), p50 %d, p99 %d, max %d%n",
        WINDOWS.names(),
        f.meanTotal(),
        f.meanTotal() - f.meanCounts(),
        f.meanCounts(),
        f.p50(),
        f.p99(),
        f.max());
    Windows coarseOnly = new Windows(List.of("24h", "7d"), Duration.ofMinutes(10));
    Footprint g = measure(coarseOnly);
    System.out.printf(
        "UserProfile bytes, windows %s: mean %d (own %d + counts %d), p50 %d, p99 %d, max %d%n",
        coarseOnly.names(),
        g.meanTotal(),
        g.meanTotal() - g.meanCounts(),
        g.meanCounts(),
        g.p50(),
        g.p99(),
        g.max());
    assertThat(f.meanTotal() - f.meanCounts())
        .as("profile's own object and arrays")
        .isLessThanOrEqualTo(360);
    assertThat(f.meanTotal()).as("whole profile, counts included").isLessThanOrEqualTo(470);
    assertThat(f.max()).as("caps bound the worst case").isLessThan(2_500);
  }

  @Test
  void boundedWhateverTheStreamLength() {
    // Caps: 50 recent items, 32 categories; counts are bounded by their own retention.
    SplittableRandom rnd = new SplittableRandom(9);
    UserProfile p = new UserProfile(CONFIG, WINDOWS);
    for (int i = 0; i < 20_000; i++) {
      p.apply(
          event(
              "view",
              T0 + i * 30_000L,
              "item-" + rnd.nextInt(1_000_000),
              "cat-" + rnd.nextInt(1_000),
              null));
    }
    // 88 + String[50] 216 + long[50] 416 + String[32] 144 + double[32] 272 = 1136, plus the counts
    // (one type, every 30 s: bounded by WindowedCounts' retention); views buy nothing.
    assertThat(p.recentItems()).hasSize(50);
    assertThat(p.affinity(T0).size() + p.affinityShare(T0).size()).isEqualTo(64);
    assertThat(p.estimatedBytes())
        .isLessThanOrEqualTo(1136 + 40 + 3 * 24 + 16 + 8 * 421 + 16 + 8 * 170);
  }
}
