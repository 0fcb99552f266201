package io.mercato.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.runtime.Scope;
import io.mercato.core.stats.StatsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardStateTest {
  static final StateShape SHAPE =
      new StateShape(
          StatsConfig.defaults().toWindows(),
          StatsConfig.defaults().toCompositeKeys(),
          10,
          42L,
          ProfileConfig.defaults());

  static Event ev(String id, String type, String user, String item, long ts) {
    return new Event(
        id, false, type, user, item, null, "c1", "sports", null, ts, Map.of("placement", "home"));
  }

  /** Snapshots written before the statistics (v1: only all-time counts) still load. */
  @Test
  void version1SnapshotStillLoads() {
    EventTypeCounts counts = new EventTypeCounts();
    counts.add("view", 3);
    BinaryWriter w = new BinaryWriter();
    w.writeByte(1);
    counts.writeTo(w);
    ShardState s = ShardState.read(new BinaryReader(w.toByteArray()), SHAPE);
    assertThat(s.counts().asMap()).isEqualTo(Map.of("view", 3L));
    assertThat(s.global().isEmpty()).isTrue();
  }

  @Test
  void roundTripKeepsEveryScope() {
    ShardState s = new ShardState(SHAPE);
    long t = 1_764_000_000_000L;
    for (Event e :
        List.of(
            ev("a", "view", "u1", "p1", t),
            ev("b", "click", "u2", "p1", t + 5),
            ev("c", "purchase", "u1", "p2", t + 9))) {
      s.apply(e);
    }
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    ShardState back = ShardState.read(new BinaryReader(w.toByteArray()), SHAPE);
    var win = SHAPE.windows().byName("1h");
    assertThat(back.counts(Scope.ITEM, "p1").counts(win, t + 9))
        .isEqualTo(Map.of("click", 1L, "view", 1L));
    assertThat(back.compositeCounts("campaign_id+category", "c1|sports").count("view", win, t + 9))
        .isEqualTo(1);
    assertThat(back.compositeCounts("ad_id+attributes.placement", "x|home")).isNull();
    assertThat(back.profile("u1").recentItems())
        .extracting(r -> r.itemId())
        .containsExactly("p2", "p1");
    assertThat(back.distinct(Scope.ITEM, "p1").estimate(win, t + 9)).isEqualTo(2);
  }

  @Test
  void unknownVersionIsCorruptData() {
    assertThatThrownBy(() -> ShardState.read(new BinaryReader(new byte[] {9}), SHAPE))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }
}
