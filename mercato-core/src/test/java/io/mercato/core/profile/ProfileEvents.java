package io.mercato.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.event.Event;
import io.mercato.core.time.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Event builders, a seeded synthetic user stream, and view comparison shared by the profile tests. */
final class ProfileEvents {
  static final long T0 = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  static final long DAY = 24 * HOUR;
  static final Windows WINDOWS = Windows.defaults();
  static final ProfileConfig CONFIG = ProfileConfig.defaults();
  static final String[] TYPES = {
    "view",
    "view",
    "view",
    "view",
    "view",
    "view",
    "click",
    "click",
    "add_to_cart",
    "purchase",
    "impression"
  };
  private static int ids;

  private ProfileEvents() {}

  static Event event(String type, long t, String item, String category, Double value) {
    return new Event(
        "e" + ids++, false, type, "u-1", item, null, null, category, value, t, Map.of());
  }

  static Event view(long t, String item, String category) {
    return event("view", t, item, category, null);
  }

  static UserProfile profile() {
    return new UserProfile(CONFIG, WINDOWS);
  }

  static UserProfile applyAll(List<Event> events) {
    UserProfile p = profile();
    events.forEach(p::apply);
    return p;
  }

  /**
   * One user's stream in event-time order: sessions of a few events seconds to minutes apart,
   * separated by hours; distinct times; {@code items} items and {@code categories} categories.
   */
  static List<Event> stream(SplittableRandom rnd, int n, int items, int categories) {
    List<Event> out = new ArrayList<>(n);
    Set<Long> times = new HashSet<>();
    long t = T0;
    for (int i = 0; i < n; i++) {
      t += rnd.nextInt(8) == 0 ? HOUR + rnd.nextLong(10 * HOUR) : 1_000 + rnd.nextLong(4 * MIN);
      while (!times.add(t)) {
        t++;
      }
      String type = TYPES[rnd.nextInt(TYPES.length)];
      String item = rnd.nextInt(10) == 0 ? null : "item-" + zipf(rnd, items);
      String category = rnd.nextInt(10) == 0 ? null : "cat-" + zipf(rnd, categories);
      Double value =
          type.equals("purchase") && rnd.nextBoolean()
              ? Math.round(rnd.nextDouble(1, 200) * 100) / 100.0
              : null;
      out.add(event(type, t, item, category, value));
    }
    return out;
  }

  /** Roughly Zipf-distributed index in [0, n): small indexes are much more frequent. */
  static int zipf(SplittableRandom rnd, int n) {
    return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1, rnd.nextDouble()) - 1));
  }

  /** Everything but the session must agree; affinity within 1e-9 relative, order value within 1e-9. */
  static void assertSameProfile(ProfileView actual, ProfileView expected, boolean sessionsToo) {
    assertThat(actual.firstSeenMillis()).isEqualTo(expected.firstSeenMillis());
    assertThat(actual.lastSeenMillis()).isEqualTo(expected.lastSeenMillis());
    assertThat(actual.recentItems()).isEqualTo(expected.recentItems());
    assertThat(actual.counts()).isEqualTo(expected.counts());
    assertThat(actual.purchases()).isEqualTo(expected.purchases());
    assertThat(actual.totalOrderValue()).isCloseTo(expected.totalOrderValue(), within(1e-9));
    assertThat(actual.affinity().keySet())
        .containsExactlyInAnyOrderElementsOf(expected.affinity().keySet());
    expected
        .affinity()
        .forEach(
            (c, v) ->
                assertThat(actual.affinity().get(c))
                    .as("affinity of %s", c)
                    .isCloseTo(v, within(1e-9 * v)));
    if (sessionsToo) {
      assertThat(actual.session()).isEqualTo(expected.session());
    }
  }
}
