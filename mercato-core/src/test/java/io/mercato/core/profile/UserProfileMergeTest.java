package io.mercato.core.profile;

import static io.mercato.core.profile.ProfileEvents.T0;
import static io.mercato.core.profile.ProfileEvents.applyAll;
import static io.mercato.core.profile.ProfileEvents.assertSameProfile;
import static io.mercato.core.profile.ProfileEvents.profile;
import static io.mercato.core.profile.ProfileEvents.stream;
import static io.mercato.core.profile.ProfileEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Order independence and merge: everything but the session is a function of the event set. */
class UserProfileMergeTest {
  static long now(List<Event> events) {
    return events.stream().mapToLong(Event::timestampMillis).max().orElseThrow() + 60_000;
  }

  @Test
  void anyArrivalOrderGivesTheSameRecentItemsAffinityCountsAndPurchasedItems() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 30; trial++) {
      // Fewer categories than the cap (32) and more items than the recent list (50), so eviction of
      // recent items is exercised and affinity is exact up to rounding.
      List<Event> events = stream(rnd, 1 + rnd.nextInt(400), 120, 20);
      ProfileView expected = applyAll(events).view(now(events));
      List<Event> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(rnd.nextLong()));
      assertSameProfile(applyAll(shuffled).view(now(events)), expected, false);
      assertThat(applyAll(shuffled).purchasedItems()).isEqualTo(applyAll(events).purchasedItems());
    }
  }

  @Test
  void mergeOfAnyPartitionEqualsApplyingAll() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 30; trial++) {
      List<Event> events = stream(rnd, 1 + rnd.nextInt(400), 120, 20);
      ProfileView expected = applyAll(events).view(now(events));
      List<Event> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(rnd.nextLong()));
      int parts = 1 + rnd.nextInt(5);
      List<UserProfile> partials = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        partials.add(profile());
      }
      for (Event e : shuffled) {
        partials.get(rnd.nextInt(parts)).apply(e);
      }
      UserProfile merged = profile();
      for (UserProfile part : partials) {
        UserProfile before = part.copy();
        merged.merge(part);
        assertThat(part).isEqualTo(before); // merge leaves its argument alone
      }
      assertSameProfile(merged.view(now(events)), expected, false);
      assertThat(merged.purchasedItems()).isEqualTo(applyAll(events).purchasedItems());
    }
  }

  @Test
  void mergingConsecutivePiecesOfATimeOrderedStreamIsExactIncludingTheSession() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int trial = 0; trial < 50; trial++) {
      List<Event> events = stream(rnd, 2 + rnd.nextInt(200), 80, 20);
      long now = events.get(events.size() - 1).timestampMillis() + rnd.nextLong(40 * 60_000);
      int cut = 1 + rnd.nextInt(events.size() - 1);
      UserProfile first = applyAll(events.subList(0, cut));
      UserProfile second = applyAll(events.subList(cut, events.size()));
      UserProfile forward = first.copy();
      forward.merge(second);
      UserProfile backward = second.copy();
      backward.merge(first);
      ProfileView expected = applyAll(events).view(now);
      assertSameProfile(forward.view(now), expected, true);
      assertSameProfile(backward.view(now), expected, true);
    }
  }

  @Test
  void interleavedPiecesMayUndercountTheSessionAsDocumented() {
    // Whole stream 0, 20, 40, 60 min is one session; each piece alone sees 40-minute gaps.
    UserProfile even = profile();
    UserProfile odd = profile();
    even.apply(view(T0, "a", null));
    odd.apply(view(T0 + 20 * 60_000, "b", null));
    even.apply(view(T0 + 40 * 60_000, "c", null));
    odd.apply(view(T0 + 60 * 60_000, "d", null));
    even.merge(odd);
    Session s = even.currentSession(T0 + 60 * 60_000).orElseThrow();
    assertThat(s.lastEventMillis()).isEqualTo(T0 + 60 * 60_000);
    assertThat(s.startMillis()).isEqualTo(T0 + 40 * 60_000); // true start: T0
    assertThat(s.events()).isEqualTo(2); // true count: 4
    assertThat(s.items()).containsExactly("d", "c");
  }

  @Test
  void mergeWithEmptyProfilesIsIdentity() {
    List<Event> events = stream(new SplittableRandom(3), 50, 30, 10);
    UserProfile p = applyAll(events);
    UserProfile a = p.copy();
    a.merge(profile());
    assertThat(a).isEqualTo(p);
    UserProfile b = profile();
    b.merge(p);
    assertThat(b).isEqualTo(p);
  }

  @Test
  void mergeRespectsTheCategoryCapKeepingTheHighest() {
    ProfileConfig two =
        new ProfileConfig(
            50,
            Duration.ofDays(1),
            Duration.ofMinutes(30),
            20,
            ProfileConfig.defaults().typeWeights(),
            2);
    UserProfile a = new UserProfile(two, ProfileEvents.WINDOWS);
    UserProfile b = new UserProfile(two, ProfileEvents.WINDOWS);
    a.apply(ProfileEvents.event("purchase", T0, null, "x", null)); // 5
    a.apply(ProfileEvents.event("click", T0, null, "y", null)); // 2
    b.apply(ProfileEvents.event("add_to_cart", T0, null, "z", null)); // 3
    b.apply(ProfileEvents.event("view", T0, null, "y", null)); // 1: y totals 3 after the merge
    a.merge(b);
    // y and z tie at 3: the smaller name wins.
    assertThat(a.affinity(T0).keySet()).containsExactly("x", "y");
  }
}
