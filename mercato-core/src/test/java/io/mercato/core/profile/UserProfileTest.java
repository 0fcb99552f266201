package io.mercato.core.profile;

import static io.mercato.core.profile.ProfileEvents.CONFIG;
import static io.mercato.core.profile.ProfileEvents.HOUR;
import static io.mercato.core.profile.ProfileEvents.MIN;
import static io.mercato.core.profile.ProfileEvents.T0;
import static io.mercato.core.profile.ProfileEvents.WINDOWS;
import static io.mercato.core.profile.ProfileEvents.event;
import static io.mercato.core.profile.ProfileEvents.profile;
import static io.mercato.core.profile.ProfileEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.event.Event;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserProfileTest {
  static final long H = Duration.ofDays(1).toMillis(); // default affinity half-life

  static List<String> recentIds(UserProfile p) {
    return p.recentItems().stream().map(RecentItem::itemId).toList();
  }

  static ProfileConfig config(int recent, int sessionItems, int maxCategories) {
    return new ProfileConfig(
        recent,
        Duration.ofDays(1),
        Duration.ofMinutes(30),
        sessionItems,
        CONFIG.typeWeights(),
        maxCategories);
  }

  @Test
  void recentItemsAreMostRecentFirstAndDeduplicated() {
    UserProfile p = profile();
    p.apply(view(T0, "a", null));
    p.apply(view(T0 + 1_000, "b", null));
    p.apply(view(T0 + 2_000, "c", null));
    p.apply(view(T0 + 3_000, "a", null)); // seen again: moves to the front with its newest time
    assertThat(p.recentItems())
        .containsExactly(
            new RecentItem("a", T0 + 3_000),
            new RecentItem("c", T0 + 2_000),
            new RecentItem("b", T0 + 1_000));
    p.apply(view(T0 + 500, "c", null)); // an older sighting changes nothing
    p.apply(view(T0 + 1_500, "d", null)); // a late item slots in by its time, not its arrival
    assertThat(recentIds(p)).containsExactly("a", "c", "d", "b");
  }

  @Test
  void purchasedItemsKeepTheNewestDistinctPurchasesUpToTheCap() {
    UserProfile p = profile();
    assertThat(p.purchasedItems()).isEmpty();
    p.apply(view(T0, "seen-only", null));
    p.apply(event("purchase", T0 + 1_000, null, null, 3.0)); // no item: counted, not remembered
    assertThat(p.purchasedItems()).isEmpty();
    for (int i = 0; i < UserProfile.PURCHASED_ITEMS + 5; i++) {
      p.apply(event("purchase", T0 + 10_000 + i, "p" + i, null, null));
    }
    p.apply(
        event(
            "purchase",
            T0 + 5_000,
            "p24",
            null,
            null)); // an older purchase of a kept item: no change
    p.apply(event("purchase", T0 + 20_000, "p5", null, null)); // bought again: moves to the front
    List<String> kept = p.purchasedItems();
    assertThat(kept)
        .hasSize(UserProfile.PURCHASED_ITEMS)
        .startsWith("p5", "p24", "p23")
        .doesNotContain("p4", "p0");
    assertThat(kept.get(kept.size() - 1)).isEqualTo("p6");
  }

  @Test
  void equalTimesAreOrderedByArrivalLatestFirst() {
    UserProfile p = profile();
    p.apply(view(T0, "a", null));
    p.apply(view(T0, "b", null));
    assertThat(recentIds(p)).containsExactly("b", "a");
  }

  @Test
  void recentItemsAreCappedKeepingTheNewest() {
    UserProfile p = new UserProfile(config(3, 3, 32), WINDOWS);
    for (int i = 0; i < 10; i++) {
      p.apply(view(T0 + i * 1_000, "i" + i, null));
    }
    assertThat(recentIds(p)).containsExactly("i9", "i8", "i7");
    p.apply(view(T0 - 1, "old", null)); // older than everything kept: never enters
    p.apply(view(T0 + 7_500, "late", null)); // newer than the oldest kept: pushes it out
    p.apply(view(T0 + 20_000, "i0", null)); // an evicted item comes back with a new time
    assertThat(recentIds(p)).containsExactly("i0", "i9", "i8");
  }

  @Test
  void twoEventsAllocateTwoSlotsNotFifty() {
    UserProfile p = profile();
    p.apply(view(T0, "a", "shoes"));
    p.apply(view(T0 + 1_000, "b", "shoes"));
    WindowedCounts sameCounts = new WindowedCounts(WINDOWS);
    sameCounts.add("view", T0, 1);
    sameCounts.add("view", T0 + 1_000, 1);
    // 72 object + String[2] 24 + long[2] 32 + String[1] 24 + double[1] 24, then the counts; no
    // purchase state without a purchase.
    assertThat(p.estimatedBytes()).isEqualTo(72 + 24 + 32 + 24 + 24 + sameCounts.estimatedBytes());
    // the first purchase adds the purchase state (40) and one purchased item (String[1] 24 +
    // long[1] 24)
    p.apply(
        new Event(
            "buy", false, "purchase", "u", "b", null, null, null, 10.0, T0 + 2_000, Map.of()));
    sameCounts.add("purchase", T0 + 2_000, 1);
    assertThat(p.estimatedBytes())
        .isEqualTo(72 + 40 + 24 + 24 + 24 + 32 + 24 + 24 + sameCounts.estimatedBytes());
  }

  @Test
  void affinityHalvesAfterOneHalfLife() {
    UserProfile p = profile();
    p.apply(event("click", T0, "a", "shoes", null)); // weight 2
    assertThat(p.affinity(T0)).containsExactly(Map.entry("shoes", 2.0));
    assertThat(p.affinity(T0 + H).get("shoes")).isCloseTo(1.0, within(1e-12));
    assertThat(p.affinity(T0 + 3 * H).get("shoes")).isCloseTo(0.25, within(1e-12));
    // A purchase one half-life later: 2·½ + 5 = 6 at that time; a late view from before T0 adds
    // 1·2^-(1.5) at that time.
    p.apply(event("purchase", T0 + H, "a", "shoes", null));
    p.apply(view(T0 - H / 2, "b", "shoes"));
    assertThat(p.affinity(T0 + H).get("shoes")).isCloseTo(6 + Math.pow(2, -1.5), within(1e-12));
  }

  @Test
  void affinityHandExample() {
    // The brief's rule with per-category reference times, computed by hand, agrees with the
    // profile.
    UserProfile p = profile();
    p.apply(view(T0 + 2 * H, "a", "toys")); // toys: s=1, r=T0+2H
    p.apply(event("add_to_cart", T0, "b", "toys", null)); // t < r: s = 1 + 3·2^-2 = 1.75
    p.apply(event("click", T0 + 3 * H, "c", "toys", null)); // t > r: s = 1.75·2^-1 + 2 = 2.875
    p.apply(event("impression", T0 + 3 * H, "d", "toys", null)); // no weight: adds nothing
    assertThat(p.affinity(T0 + 3 * H).get("toys")).isCloseTo(2.875, within(1e-12));
    assertThat(p.affinity(T0 + 4 * H).get("toys")).isCloseTo(1.4375, within(1e-12));
  }

  @Test
  void affinitySharesSumToOneAndSortHighestFirst() {
    UserProfile p = profile();
    p.apply(view(T0, "a", "books"));
    p.apply(event("purchase", T0, "b", "games", 10.0));
    p.apply(event("add_to_cart", T0, "c", "music", null));
    Map<String, Double> share = p.affinityShare(T0 + 5 * H);
    assertThat(share.keySet()).containsExactly("games", "music", "books");
    assertThat(share.get("games")).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(share.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(profile().affinityShare(T0)).isEmpty();
  }

  @Test
  void categoryCapDropsTheLowestScore() {
    UserProfile p = new UserProfile(config(50, 20, 2), WINDOWS);
    p.apply(event("purchase", T0, null, "a", null)); // 5
    p.apply(event("click", T0, null, "b", null)); // 2
    p.apply(event("add_to_cart", T0, null, "c", null)); // 3: b, the lowest, goes
    assertThat(p.affinity(T0)).containsExactly(Map.entry("a", 5.0), Map.entry("c", 3.0));
    p.apply(view(T0, null, "d")); // 1: lower than everything kept, never enters
    assertThat(p.affinity(T0).keySet()).containsExactly("a", "c");
  }

  @Test
  void countsPerTypePerWindowComeFromWindowedCounts() {
    UserProfile p = profile();
    p.apply(view(T0 - 2 * HOUR, "a", null));
    p.apply(view(T0 - 5 * MIN, "a", null));
    p.apply(event("click", T0 - 30_000, "a", null, null));
    p.apply(view(T0, "b", null));
    Window m1 = WINDOWS.byName("1m");
    Window m10 = WINDOWS.byName("10m");
    Window d1 = WINDOWS.byName("24h");
    assertThat(p.counts(m1, T0)).isEqualTo(Map.of("click", 1L, "view", 1L));
    assertThat(p.counts(m10, T0)).isEqualTo(Map.of("click", 1L, "view", 2L));
    assertThat(p.count("view", d1, T0)).isEqualTo(3);
    ProfileView v = p.view(T0, List.of(d1, m1));
    assertThat(v.counts().keySet()).containsExactly("24h", "1m");
    assertThat(v.counts().get("24h")).isEqualTo(Map.of("click", 1L, "view", 3L));
  }

  @Test
  void purchasesAndOrderValues() {
    UserProfile p = profile();
    assertThat(p.averageOrderValue()).isEmpty();
    p.apply(event("purchase", T0, "a", null, null)); // no value: counted, not averaged
    assertThat(p.purchases()).isEqualTo(1);
    assertThat(p.averageOrderValue()).isEmpty();
    assertThat(p.view(T0).averageOrderValue()).isNull();
    p.apply(event("purchase", T0 + 1, "b", null, 30.0));
    p.apply(event("purchase", T0 + 2, "c", null, 10.5));
    p.apply(event("add_to_cart", T0 + 3, "d", null, 99.0)); // not a purchase: its value is ignored
    assertThat(p.purchases()).isEqualTo(3);
    assertThat(p.totalOrderValue()).isEqualTo(40.5);
    assertThat(p.averageOrderValue()).hasValue(20.25);
  }

  @Test
  void firstAndLastSeenAreMinAndMaxEventTime() {
    UserProfile p = profile();
    assertThat(p.firstSeenMillis()).isEmpty();
    p.apply(view(T0, "a", null));
    p.apply(view(T0 - 5 * HOUR, "a", null));
    p.apply(view(T0 + HOUR, "a", null));
    assertThat(p.firstSeenMillis()).hasValue(T0 - 5 * HOUR);
    assertThat(p.lastSeenMillis()).hasValue(T0 + HOUR);
  }

  @Test
  void sessionStartsExtendsAndExpires() {
    UserProfile p = profile();
    assertThat(p.currentSession(T0)).isEmpty();
    p.apply(view(T0, "a", null));
    p.apply(view(T0 + 10 * MIN, "b", null));
    p.apply(view(T0 + 40 * MIN, "a", null)); // 30 minutes after the last: still the same session
    Session s = p.currentSession(T0 + 50 * MIN).orElseThrow();
    assertThat(s).isEqualTo(new Session(T0, T0 + 40 * MIN, 3, List.of("a", "b")));
    assertThat(p.currentSession(T0 + 70 * MIN)).isPresent(); // exactly the gap: not expired
    assertThat(p.currentSession(T0 + 70 * MIN + 1)).isEmpty();
    p.apply(
        view(T0 + 70 * MIN + 1, "c", null)); // a gap longer than 30 minutes starts a new session
    assertThat(p.currentSession(T0 + 71 * MIN))
        .contains(new Session(T0 + 70 * MIN + 1, T0 + 70 * MIN + 1, 1, List.of("c")));
  }

  @Test
  void lateEventsWithinTheGapOfTheStartExtendItBackwards() {
    UserProfile p = profile();
    p.apply(view(T0, "a", null));
    p.apply(view(T0 - 20 * MIN, "b", null)); // within the gap before the start
    p.apply(view(T0 - 5 * MIN, "c", null)); // inside
    assertThat(p.currentSession(T0))
        .contains(new Session(T0 - 20 * MIN, T0, 3, List.of("a", "c", "b")));
    p.apply(view(T0 - 2 * HOUR, "d", null)); // far before the start: an older session, not counted
    assertThat(p.currentSession(T0).orElseThrow().events()).isEqualTo(3);
    assertThat(p.currentSession(T0).orElseThrow().startMillis()).isEqualTo(T0 - 20 * MIN);
  }

  @Test
  void documentedCaveatAnEventBridgedOnlyLaterIsNotCounted() {
    // In time order 40, 70, 100 minutes is one session (gaps of 30). Arriving 100, 40, 70: the 40
    // is
    // 60 minutes before the tracked start when it arrives, so it is not counted; the start stays
    // later.
    UserProfile p = profile();
    p.apply(view(T0 + 100 * MIN, "a", null));
    p.apply(view(T0 + 40 * MIN, "b", null));
    p.apply(view(T0 + 70 * MIN, "c", null));
    Session s = p.currentSession(T0 + 100 * MIN).orElseThrow();
    assertThat(s.startMillis()).isEqualTo(T0 + 70 * MIN); // true start: T0 + 40 min
    assertThat(s.events()).isEqualTo(2); // true count: 3
    assertThat(s.lastEventMillis()).isEqualTo(T0 + 100 * MIN); // always exact
  }

  @Test
  void sessionItemsAreCappedAndOnlyFromTheSession() {
    UserProfile p = new UserProfile(config(50, 2, 32), WINDOWS);
    p.apply(view(T0 - 3 * HOUR, "old", null));
    p.apply(view(T0, "a", null));
    p.apply(view(T0 + 1_000, "b", null));
    p.apply(view(T0 + 2_000, "c", null));
    assertThat(p.currentSession(T0 + 2_000).orElseThrow().items()).containsExactly("c", "b");
    assertThat(p.currentSession(T0 + 2_000).orElseThrow().events()).isEqualTo(3);
  }

  @Test
  void viewHoldsEveryPartAtNow() {
    UserProfile p = profile();
    p.apply(event("purchase", T0, "a", "shoes", 12.0));
    ProfileView v = p.view(T0 + 10 * MIN);
    assertThat(v.nowMillis()).isEqualTo(T0 + 10 * MIN);
    assertThat(v.firstSeenMillis()).isEqualTo(T0);
    assertThat(v.recentItems()).containsExactly(new RecentItem("a", T0));
    assertThat(v.affinity().get("shoes"))
        .isCloseTo(5 * Math.pow(2, -10.0 / (24 * 60)), within(1e-12));
    assertThat(v.affinityShare()).containsExactly(Map.entry("shoes", 1.0));
    assertThat(v.counts().keySet()).containsExactly("1m", "10m", "1h", "24h", "7d");
    assertThat(v.counts().get("1m")).isEmpty();
    assertThat(v.counts().get("1h")).isEqualTo(Map.of("purchase", 1L));
    assertThat(v.averageOrderValue()).isEqualTo(12.0);
    assertThat(v.session()).isEqualTo(new Session(T0, T0, 1, List.of("a")));
    ProfileView empty = profile().view(T0);
    assertThat(empty.firstSeenMillis()).isNull();
    assertThat(empty.session()).isNull();
  }

  @Test
  void internerIsUsedForStoredIds() {
    Map<String, String> pool = new HashMap<>();
    Interner interner = s -> pool.computeIfAbsent(s, k -> k);
    UserProfile a = new UserProfile(CONFIG, WINDOWS, interner);
    UserProfile b = new UserProfile(CONFIG, WINDOWS, interner);
    a.apply(view(T0, new String("item-1"), new String("shoes")));
    b.apply(view(T0, new String("item-1"), new String("shoes")));
    assertThat(a.recentItems().get(0).itemId()).isSameAs(b.recentItems().get(0).itemId());
    assertThat(a.affinity(T0).keySet().iterator().next())
        .isSameAs(b.affinity(T0).keySet().iterator().next());
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> config(10, 11, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session items");
    assertThatThrownBy(() -> config(-1, 0, 32)).hasMessageContaining("recent items");
    assertThatThrownBy(
            () -> new ProfileConfig(5, Duration.ZERO, Duration.ofMinutes(1), 1, Map.of()))
        .hasMessageContaining("half-life");
    assertThatThrownBy(
            () ->
                new ProfileConfig(
                    5, Duration.ofDays(1), Duration.ofMinutes(1), 1, Map.of("view", -1.0)))
        .hasMessageContaining("type weight of view");
    assertThat(ProfileConfig.defaults().maxCategories()).isEqualTo(32);
    assertThat(ProfileConfig.defaults().weight("purchase")).isEqualTo(5.0);
    assertThat(ProfileConfig.defaults().weight("impression")).isZero();
  }

  @Test
  void mergeRejectsAnotherConfiguration() {
    UserProfile a = profile();
    UserProfile b = new UserProfile(config(10, 5, 32), WINDOWS);
    b.apply(view(T0, "a", null));
    assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class);
    assertThat(a.isEmpty()).isTrue();
  }
}
