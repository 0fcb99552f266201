package io.mercato.core.reco;

import static io.mercato.core.reco.Interactions.T0;
import static io.mercato.core.reco.Interactions.event;
import static io.mercato.core.reco.Interactions.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoStateTest {
  private static final RecoConfig SMALL = RecoConfig.defaults().withSizes(3, 2, 50, 20, 500, 50);

  @Test
  void historyIsDistinctMostRecentFirstAndCapped() {
    RecoState s = new RecoState(SMALL);
    s.apply(view("u", "a", T0));
    s.apply(view("u", "b", T0 + 1));
    s.apply(event("purchase", "u", "a", null, T0 + 2));
    s.apply(view("u", "c", T0 + 3));
    s.apply(view("u", "d", T0 + 4)); // cap 3: b, the least recent, falls out
    UserHistory h = s.history("u").orElseThrow();
    assertThat(h.items()).containsExactly("d", "c", "a");
    assertThat(h.weights()).containsExactly(1f, 1f, 6f);
    assertThat(h.types()).containsExactly("view", "view", "purchase");
  }

  /**
   * Regression: an item evicted from a capped history left the user in that item's user ring, so
   * user-CF still found the user through an item no longer in their vector (a dot product over
   * evidence the norm had dropped), inflating similarities with long-history users.
   */
  @Test
  void itemEvictedFromAHistoryNoLongerListsTheUser() {
    RecoState s = new RecoState(SMALL); // history cap 3
    s.apply(view("v", "a", T0));
    s.apply(view("v", "b", T0 + 1));
    s.apply(view("v", "c", T0 + 2));
    s.apply(view("v", "d", T0 + 3)); // a falls out of v's history
    s.apply(view("u", "a", T0 + 4));
    assertThat(s.history("v").orElseThrow().items()).containsExactly("d", "c", "b");
    assertThat(ringOf(s, "a")).containsExactly("u");
    assertThat(ringOf(s, "b")).containsExactly("v");
    // u shares nothing with v's current history, so user-CF has no neighbour for u
    assertThat(new UserCfRecommender(s).scores("u")).isEmpty();

    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    RecoState back = RecoState.read(new BinaryReader(w.toByteArray()), SMALL);
    assertThat(ringOf(back, "a")).containsExactly("u");
  }

  /** A snapshot written before the fix may list a user in the ring of an item their history dropped. */
  @Test
  void staleRingEntriesOfOlderSnapshotsAreDroppedOnLoad() {
    BinaryWriter w = new BinaryWriter();
    w.writeInt(0x5245434F).writeByte(1).writeLong(T0).writeLong(T0 + 1).writeLong(2);
    w.writeVarLong(2); // items a (0) and b (1)
    for (String id : List.of("a", "b")) {
      w.writeString(id);
      w.writeBoolean(false); // no category
      w.writeLong(T0).writeVarLong(1).writeVarLong(1).writeDouble(1);
      w.writeVarLong(0).writeVarLong(0); // no co-occurrence, no neighbours
    }
    w.writeVarLong(1); // user v, whose history (cap 1) dropped a for b
    w.writeString("v").writeLong(T0 + 1).writeVarLong(1);
    w.writeVarLong(1).writeInt(Float.floatToIntBits(1f)).writeByte(0);
    w.writeVarLong(1).writeVarLong(0).writeInt(Float.floatToIntBits(1f)); // ring of a: v (stale)
    w.writeVarLong(1).writeVarLong(0).writeInt(Float.floatToIntBits(1f)); // ring of b: v
    RecoState s =
        RecoState.read(
            new BinaryReader(w.toByteArray()),
            RecoConfig.defaults().withSizes(1, 2, 50, 20, 500, 50));
    assertThat(ringOf(s, "a")).isEmpty();
    assertThat(ringOf(s, "b")).containsExactly("v");
  }

  private static List<String> ringOf(RecoState s, String item) {
    List<String> users = new ArrayList<>();
    s.itemNodeById(item).forEachUser(Integer.MAX_VALUE, (u, w) -> users.add(u.id));
    return users;
  }

  @Test
  void eventsWithoutItemOrWeightAreIgnored() {
    RecoState s = new RecoState(RecoConfig.defaults());
    s.apply(event("impression", "u", "a", null, T0));
    s.apply(new Event("x", false, "view", "u", null, null, null, null, null, T0, Map.of()));
    assertThat(s.users()).isZero();
    assertThat(s.items()).isZero();
    assertThat(s.history("u")).isEmpty();
  }

  @Test
  void cosineSimilarityOfItemsFollowsCooccurrence() {
    RecoState s = new RecoState(RecoConfig.defaults());
    // a and b: users 1,2,3 have both; c: only user 1 with a
    long t = T0;
    for (String u : List.of("1", "2", "3")) {
      s.apply(view(u, "a", t++));
      s.apply(view(u, "b", t++));
    }
    s.apply(view("1", "c", t++));
    s.apply(view("4", "b", t++));
    // n_a = 3, n_b = 4, co(a,b) = 3 -> 3/sqrt(12); n_c = 1, co(a,c) = 1 -> 1/sqrt(3)
    List<SimilarItem> sim = s.similarItems("a", 10, i -> true);
    assertThat(sim).extracting(SimilarItem::itemId).containsExactly("b", "c");
    assertThat(sim.get(0).similarity()).isCloseTo(3 / Math.sqrt(12), within(1e-12));
    assertThat(sim.get(1).similarity()).isCloseTo(1 / Math.sqrt(3), within(1e-12));
    assertThat(s.similarItems("b", 10, i -> true).get(0).similarity())
        .isCloseTo(3 / Math.sqrt(12), within(1e-12));
    assertThat(s.similarItems("a", 10, i -> !i.equals("b")))
        .extracting(SimilarItem::itemId)
        .containsExactly("c");
    assertThat(s.similarItems("zzz", 10, i -> true)).isEmpty();
  }

  @Test
  void popularityDecaysWithHalfLifeAndDoesNotDependOnOrder() {
    RecoConfig cfg = RecoConfig.defaults().withPopularityHalfLife(Duration.ofHours(1));
    RecoState a = new RecoState(cfg);
    a.apply(view("u1", "x", T0));
    a.apply(view("u2", "x", T0 + 3_600_000)); // the newest event: now = T0 + 1h
    RecoState b = new RecoState(cfg);
    b.apply(view("u2", "x", T0 + 3_600_000));
    b.apply(view("u1", "x", T0));
    assertThat(a.popularity("x")).isCloseTo(1.5, within(1e-9));
    assertThat(b.popularity("x")).isCloseTo(1.5, within(1e-9));
    assertThat(a.popularity("unknown")).isZero();
  }

  @Test
  void popularListsAreGlobalAndPerCategoryAndFiltered() {
    RecoState s = new RecoState(RecoConfig.defaults());
    long t = T0;
    for (int i = 0; i < 5; i++) {
      s.apply(event("view", "u" + i, "s1", "sports", t++));
    }
    for (int i = 0; i < 3; i++) {
      s.apply(event("view", "u" + i, "b1", "books", t++));
    }
    s.apply(event("purchase", "u9", "s2", "sports", t++)); // weight 5 ~ s1's five views, later
    assertThat(s.popular(null, 10, i -> true)).containsExactly("s2", "s1", "b1");
    assertThat(s.popular("books", 10, i -> true)).containsExactly("b1");
    assertThat(s.popular("sports", 10, i -> !i.equals("s2"))).containsExactly("s1");
    assertThat(s.popular("none", 10, i -> true)).isEmpty();
  }

  @Test
  void itemChangingCategoryLeavesTheOldCategoryList() {
    RecoState s = new RecoState(RecoConfig.defaults());
    s.apply(event("view", "u", "x", "old", T0));
    s.apply(event("view", "u", "x", "new", T0 + 1));
    assertThat(s.popular("old", 10, i -> true)).isEmpty();
    assertThat(s.popular("new", 10, i -> true)).containsExactly("x");
    assertThat(s.eventCategory("x")).isEqualTo("new");
  }

  /**
   * The binary form is pinned: these bytes were written by the first version of the writer (boxed
   * pairs sorted with comparators), before it moved to packed primitive sorts to stall the writer
   * thread less; data written by either must read the same.
   */
  @Test
  void binaryFormIsPinned() throws Exception {
    RecoState s = new RecoState(RecoConfig.defaults());
    for (var e : Interactions.planted(3, 20, 10, 8, 0.1, 7)) {
      s.apply(e);
    }
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    byte[] bytes = w.toByteArray();
    assertThat(bytes).hasSize(10_849);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .isEqualTo("cdb330f04a9ca0d61a00ade50a2b44c895bb6fe00f71656755e917f40fc561a9");
  }

  @Test
  void binaryFormRoundTripsToTheSameBytesAndAnswers() {
    RecoState s = new RecoState(RecoConfig.defaults());
    for (var e : Interactions.planted(3, 20, 10, 8, 0.1, 7)) {
      s.apply(e);
    }
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    byte[] bytes = w.toByteArray();
    RecoState back = RecoState.read(new BinaryReader(bytes), RecoConfig.defaults());
    BinaryWriter w2 = new BinaryWriter();
    back.writeTo(w2);
    assertThat(w2.toByteArray()).isEqualTo(bytes);
    assertThat(back.users()).isEqualTo(s.users());
    assertThat(back.similarItems("c0-i1", 10, i -> true))
        .isEqualTo(s.similarItems("c0-i1", 10, i -> true));
    assertThat(back.popular(null, 20, i -> true)).isEqualTo(s.popular(null, 20, i -> true));
    assertThat(back.history("u5")).usingRecursiveComparison().isEqualTo(s.history("u5"));
    RecommendationService a = new RecommendationService(s, ItemInfo.NONE, () -> null);
    RecommendationService b = new RecommendationService(back, ItemInfo.NONE, () -> null);
    for (Strategy st : List.of(Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO)) {
      assertThat(b.recommend("u4", st, new RecoRequest(10, null, true, true)))
          .isEqualTo(a.recommend("u4", st, new RecoRequest(10, null, true, true)));
    }
  }

  @Test
  void corruptBinaryFormIsRejected() {
    RecoState s = new RecoState(RecoConfig.defaults());
    s.apply(view("u", "a", T0));
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    byte[] bytes = w.toByteArray();
    assertThatThrownBy(
            () ->
                RecoState.read(new BinaryReader(new byte[] {1, 2, 3, 4, 5}), RecoConfig.defaults()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("magic");
    byte[] badVersion = bytes.clone();
    badVersion[4] = 99;
    assertThatThrownBy(() -> RecoState.read(new BinaryReader(badVersion), RecoConfig.defaults()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 99");
    assertThatThrownBy(
            () ->
                RecoState.read(
                    new BinaryReader(Arrays.copyOf(bytes, bytes.length - 3)),
                    RecoConfig.defaults()))
        .isInstanceOf(CorruptDataException.class);
  }

  @Test
  void idleUsersAndItemsAreForgotten() {
    RecoState s = new RecoState(RecoConfig.defaults());
    s.apply(view("old", "a", T0));
    s.apply(view("new", "b", T0 + Duration.ofDays(40).toMillis()));
    assertThat(s.sweepIdle(T0 + Duration.ofDays(40).toMillis())).isEqualTo(2);
    assertThat(s.knowsUser("old")).isFalse();
    assertThat(s.knowsItem("a")).isFalse();
    assertThat(s.history("new").orElseThrow().items()).containsExactly("b");
    assertThat(s.popular(null, 10, i -> true)).containsExactly("b");
  }
}
