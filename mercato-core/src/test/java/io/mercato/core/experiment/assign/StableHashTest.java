package io.mercato.core.experiment.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;
import org.junit.jupiter.api.Test;

class StableHashTest {
  @Test
  void theUnderlyingFunctionIsTheStandardMurmurHash3() {
    // The published x64 128-bit test vector (seed 0): 6c1b07bc7bbc4be3 47939ac4a93c437a as bytes.
    long[] h =
        MurmurHash3.hash(
            "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0);
    assertThat(h[0]).isEqualTo(0xe34bbc7bbc071b6cL);
  }

  @Test
  void hashesArePinned() {
    // Regression pin: if this changes, users of running experiments move between arms.
    assertThat(StableHash.hash64("salt", "arm", "u-1")).isEqualTo(-1656855882212878924L);
    assertThat(StableHash.unit("salt", "arm", "u-1")).isEqualTo(0.9101816626504704);
  }

  @Test
  void partsAreEncodedWithoutAmbiguity() {
    assertThat(StableHash.hash64("a:b", "c")).isNotEqualTo(StableHash.hash64("a", "b:c"));
    assertThat(StableHash.hash64("ab", "c")).isNotEqualTo(StableHash.hash64("a", "bc"));
    assertThat(StableHash.prefix("a", "b").hash64("c")).isEqualTo(StableHash.hash64("a", "b", "c"));
  }

  @Test
  void unitValuesAreUniformInTheOpenInterval() {
    StableHash.Prefix p = StableHash.prefix("uniformity");
    int[] bins = new int[10];
    double min = 1;
    double max = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double u = p.unit("u-" + i);
      min = Math.min(min, u);
      max = Math.max(max, u);
      bins[(int) (u * 10)]++;
    }
    assertThat(min).isGreaterThan(0);
    assertThat(max).isLessThan(1);
    // Consecutive ids (u-1, u-2, ...) spread evenly: each tenth within 5 standard deviations of
    // 10,000.
    for (int b : bins) {
      assertThat(b).isBetween(10_000 - 475, 10_000 + 475);
    }
  }
}
