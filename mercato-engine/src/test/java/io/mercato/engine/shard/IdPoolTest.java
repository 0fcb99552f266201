package io.mercato.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.stats.StatsConfig;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A profile finds the items it holds by identity when the pool promises a canonical instance, and
 * by equality once the pool is full: either way it must keep exactly what a profile without a pool
 * keeps. Every event carries a fresh copy of its id string, as parsed events do.
 */
class IdPoolTest {
  private static final Windows WINDOWS = StatsConfig.defaults().toWindows();
  private static final long T0 = 1_790_000_000_000L;

  @Test
  void canonicalInstanceUntilFullThenNone() {
    IdPool pool = new IdPool(2);
    String a = pool.canonicalOrNull(copy("a"));
    assertThat(pool.canonicalOrNull(copy("a"))).isSameAs(a);
    assertThat(pool.intern(copy("a"))).isSameAs(a);
    assertThat(pool.canonicalOrNull(copy("b"))).isEqualTo("b");
    assertThat(pool.canonicalOrNull(copy("c")))
        .as("the pool is full and c was never pooled")
        .isNull();
    assertThat(pool.intern("c")).isEqualTo("c");
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void profilesWithAPoolOfAnySizeKeepWhatAnUnpooledProfileKeeps() {
    List<Event> events = stream(new SplittableRandom(7), 3_000, 120);
    UserProfile reference = new UserProfile(ProfileConfig.defaults(), WINDOWS);
    events.forEach(reference::apply);
    for (int poolSize : new int[] {0, 1, 40, 1_000}) {
      UserProfile pooled = new UserProfile(ProfileConfig.defaults(), WINDOWS, new IdPool(poolSize));
      events.forEach(pooled::apply);
      assertThat(pooled.recentItems())
          .as("recent items with a pool of %d", poolSize)
          .isEqualTo(reference.recentItems());
      assertThat(pooled.purchasedItems())
          .as("purchased items with a pool of %d", poolSize)
          .isEqualTo(reference.purchasedItems());
      assertThat(bytes(pooled))
          .as("binary form with a pool of %d", poolSize)
          .isEqualTo(bytes(reference));
    }
  }

  /** One user's events over {@code items} items, a few late, every id a new String instance. */
  private static List<Event> stream(SplittableRandom rnd, int n, int items) {
    List<Event> out = new ArrayList<>(n);
    long t = T0;
    for (int i = 0; i < n; i++) {
      t += 1_000 + rnd.nextInt(60_000);
      long at = rnd.nextInt(10) == 0 ? t - rnd.nextInt(300_000) : t; // some out of order
      String type = rnd.nextInt(8) == 0 ? "purchase" : "view";
      out.add(
          new Event(
              "e" + i,
              false,
              type,
              "u-1",
              copy("item-" + rnd.nextInt(items)),
              null,
              null,
              copy("cat-" + rnd.nextInt(5)),
              type.equals("purchase") ? 10.0 : null,
              at + i % 7,
              Map.of()));
    }
    return out;
  }

  private static String copy(String s) {
    return new String(s.toCharArray());
  }

  private static byte[] bytes(UserProfile p) {
    BinaryWriter w = new BinaryWriter();
    p.writeTo(w);
    return w.toByteArray();
  }
}
