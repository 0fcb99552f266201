package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

  @Test
  void repeatedPairsAreSummedAndIdsIndexedInFirstSeenOrder() {
    InteractionMatrix m =
        InteractionMatrix.builder()
            .add("bob", "tea", 1)
            .add("ann", "cake", 2)
            .add("bob", "cake", 0.5f)
            .add("bob", "tea", 3)
            .add("ann", "tea", 1)
            .build();
    assertThat(m.users()).isEqualTo(2);
    assertThat(m.items()).isEqualTo(2);
    assertThat(m.nonZeros()).isEqualTo(4);
    assertThat(List.of(m.userId(0), m.userId(1))).containsExactly("bob", "ann");
    assertThat(List.of(m.itemId(0), m.itemId(1))).containsExactly("tea", "cake");
    assertThat(m.userIndex("ann")).isEqualTo(1);
    assertThat(m.itemIndex("cake")).isEqualTo(1);
    assertThat(m.userIndex("carl")).isEqualTo(-1);
    assertThat(m.itemIndex("coffee")).isEqualTo(-1);
    // Rows by user, items ascending: bob = {tea: 4, cake: 0.5}, ann = {tea: 1, cake: 2}.
    assertThat(m.userPtr()).containsExactly(0, 2, 4);
    assertThat(m.userItems()).containsExactly(0, 1, 0, 1);
    assertThat(m.userWeights()).containsExactly(4f, 0.5f, 1f, 2f);
    // Rows by item, users ascending: tea = {bob: 4, ann: 1}, cake = {bob: 0.5, ann: 2}.
    assertThat(m.itemPtr()).containsExactly(0, 2, 4);
    assertThat(m.itemUsers()).containsExactly(0, 1, 0, 1);
    assertThat(m.itemWeights()).containsExactly(4f, 1f, 0.5f, 2f);
  }

  @Test
  void zeroWeightIndexesIdsWithoutStoringACell() {
    InteractionMatrix m =
        InteractionMatrix.builder().add("u", "seen", 0).add("v", "bought", 1).build();
    assertThat(m.users()).isEqualTo(2);
    assertThat(m.items()).isEqualTo(2);
    assertThat(m.nonZeros()).isEqualTo(1);
    assertThat(m.userPtr()).containsExactly(0, 0, 1);
    assertThat(m.itemPtr()).containsExactly(0, 0, 1);
  }

  @Test
  void bothFormsHoldTheSameCellsAsABruteForceSum() {
    SplittableRandom rnd = new SplittableRandom(3);
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    Map<String, Double> expected = new HashMap<>();
    for (int n = 0; n < 5_000; n++) {
      String u = "u" + rnd.nextInt(60);
      String i = "i" + rnd.nextInt(80);
      float w = rnd.nextInt(4) / 2f;
      b.add(u, i, w);
      expected.merge(u + "|" + i, (double) w, Double::sum);
    }
    expected.values().removeIf(w -> w == 0);
    InteractionMatrix m = b.build();
    Map<String, Double> byUser = new HashMap<>();
    for (int u = 0; u < m.users(); u++) {
      int prev = -1;
      for (int c = m.userPtr()[u]; c < m.userPtr()[u + 1]; c++) {
        assertThat(m.userItems()[c]).isGreaterThan(prev);
        prev = m.userItems()[c];
        byUser.put(m.userId(u) + "|" + m.itemId(prev), (double) m.userWeights()[c]);
      }
    }
    Map<String, Double> byItem = new HashMap<>();
    for (int i = 0; i < m.items(); i++) {
      int prev = -1;
      for (int c = m.itemPtr()[i]; c < m.itemPtr()[i + 1]; c++) {
        assertThat(m.itemUsers()[c]).isGreaterThan(prev);
        prev = m.itemUsers()[c];
        byItem.put(m.userId(prev) + "|" + m.itemId(i), (double) m.itemWeights()[c]);
      }
    }
    assertThat(byUser).isEqualTo(expected);
    assertThat(byItem).isEqualTo(expected);
    assertThat(m.nonZeros()).isEqualTo(expected.size());
  }

  @Test
  void badWeightsAndIdsAreRejected() {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    assertThatThrownBy(() -> b.add("u", "i", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be a finite number >= 0 but was -1.0 (user \"u\", item \"i\")");
    assertThatThrownBy(() -> b.add("u", "i", Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add("u", "i", Float.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add(null, "i", 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId");
    assertThatThrownBy(() -> b.add("u", null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("itemId");
    assertThat(b.build().users()).as("rejected adds leave no trace").isZero();
  }

  @Test
  void aSumThatOverflowsAFloatIsRejected() {
    InteractionMatrix.Builder b =
        InteractionMatrix.builder().add("u", "i", Float.MAX_VALUE).add("u", "i", Float.MAX_VALUE);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("summed weight of user \"u\", item \"i\" overflows a float");
  }

  @Test
  void aBuilderBuildsOnce() {
    InteractionMatrix.Builder b = InteractionMatrix.builder().add("u", "i", 1);
    b.build();
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.add("u", "i", 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manyIdsGrowTheTables() {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < 1_000; n++) {
      ids.add("id-" + n);
      b.add("id-" + n, "id-" + (999 - n), 1);
    }
    InteractionMatrix m = b.build();
    for (int n = 0; n < 1_000; n++) {
      assertThat(m.userId(n)).isEqualTo(ids.get(n));
      assertThat(m.itemId(n)).isEqualTo(ids.get(999 - n));
    }
    assertThatThrownBy(() -> m.userId(1_000)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
