package io.mercato.core.sketch;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ValueQuantilesTest {
  static final double[] RANKS = {0.5, 0.9, 0.99};

  /** 100k log-normal purchase values (heavy-tailed like order values), seeded. */
  static double[] values(int n, long seed) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.round(Math.exp(3 + rnd.nextGaussian()) * 100) / 100.0;
    }
    return v;
  }

  /** Fraction of {@code sorted} that is {@code <= q}: the inclusive normalized rank of q. */
  static double rankOf(double[] sorted, double q) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= q) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / sorted.length;
  }

  static void assertWithinRankError(ValueQuantiles q, double[] sorted) {
    for (double r : RANKS) {
      double value = q.quantile(r);
      // The returned value's true rank brackets r within the error (ties make it an interval).
      double rankAbove = rankOf(sorted, value);
      double rankBelow = rankOf(sorted, Math.nextDown(value));
      assertThat(rankAbove).as("rank of p%s", r * 100).isGreaterThanOrEqualTo(r - q.rankError());
      assertThat(rankBelow).as("rank of p%s", r * 100).isLessThanOrEqualTo(r + q.rankError());
    }
    assertThat(q.p50()).isEqualTo(q.quantile(0.5));
    assertThat(q.p90()).isEqualTo(q.quantile(0.9));
    assertThat(q.p99()).isEqualTo(q.quantile(0.99));
  }

  @Test
  void quantilesAreWithinTheRankErrorOfExactQuantiles() {
    double[] v = values(100_000, 1);
    ValueQuantiles q = new ValueQuantiles();
    for (int i = 0; i < v.length; i++) {
      q.apply(event("e" + i, "purchase", "u" + (i % 97), "p" + (i % 13), v[i], T0 + i));
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    assertThat(q.rankError()).isCloseTo(0.0165, Offset.offset(0.0005));
    assertThat(q.count()).isEqualTo(100_000);
    assertThat(q.min()).isEqualTo(sorted[0]);
    assertThat(q.max()).isEqualTo(sorted[sorted.length - 1]);
    assertWithinRankError(q, sorted);
  }

  @Test
  void onlyPurchasesWithAValueCount() {
    ValueQuantiles q = new ValueQuantiles();
    q.apply(event("a", "view", "u", "p", 500.0, T0));
    q.apply(event("b", "purchase", "u", "p", null, T0));
    q.apply(event("c", "conversion", "u", "p", 7.0, T0));
    q.apply(event("d", "purchase", "u", "p", 12.5, T0));
    assertThat(q.count()).isEqualTo(1);
    assertThat(q.p99()).isEqualTo(12.5);
  }

  @Test
  void emptyQuantilesAreNaN() {
    ValueQuantiles q = new ValueQuantiles();
    assertThat(q.count()).isZero();
    assertThat(q.p50()).isNaN();
    assertThat(q.min()).isNaN();
    assertThat(q.max()).isNaN();
    assertThatThrownBy(() -> q.quantile(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }

  @Test
  void mergeOfPartitionsStaysWithinTheRankError() {
    double[] v = values(100_000, 2);
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    Random rnd = new Random(3);
    for (int trial = 0; trial < 4; trial++) {
      int parts = 2 + rnd.nextInt(6);
      List<ValueQuantiles> partials = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        partials.add(new ValueQuantiles());
      }
      for (double x : v) {
        partials.get(rnd.nextInt(parts)).add(x);
      }
      ValueQuantiles merged = new ValueQuantiles();
      partials.forEach(merged::merge);
      assertThat(merged.count()).isEqualTo(v.length);
      assertThat(merged.min()).isEqualTo(sorted[0]);
      assertThat(merged.max()).isEqualTo(sorted[sorted.length - 1]);
      assertWithinRankError(merged, sorted);
    }
  }

  static byte[] bytes(ValueQuantiles q) {
    BinaryWriter out = new BinaryWriter();
    q.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsTheSketch() {
    ValueQuantiles q = new ValueQuantiles();
    for (double x : values(10_000, 4)) {
      q.add(x);
    }
    byte[] b = bytes(q);
    BinaryReader r = new BinaryReader(b);
    ValueQuantiles back = ValueQuantiles.read(r);
    r.expectEnd();
    assertThat(bytes(back)).isEqualTo(b);
    for (double rank : RANKS) {
      assertThat(back.quantile(rank)).isEqualTo(q.quantile(rank));
    }
    assertThat(back.count()).isEqualTo(q.count());
    assertThat(back.k()).isEqualTo(200);
  }

  @Test
  void version1BytesArePinned() {
    // version 1 | blob of 8 bytes: the KLL empty-sketch image (preamble ints 2, serVer 1, family
    // 15, flags 1 (empty), k 200 (LE), m 8)
    assertThat(HexFormat.of().formatHex(bytes(new ValueQuantiles())))
        .isEqualTo("01" + "08" + "02010f01c8000800");
    ValueQuantiles one = new ValueQuantiles();
    one.add(2.5);
    assertThat(HexFormat.of().formatHex(bytes(one))).startsWith("01" + "10");
  }

  @Test
  void truncatedOrDamagedInputIsCorruptData() {
    ValueQuantiles q = new ValueQuantiles();
    for (double x : values(300, 5)) {
      q.add(x);
    }
    byte[] b = bytes(q);
    TestEvents.assertEveryTruncationIsCorrupt(b, ValueQuantiles::read);
    TestEvents.assertByteDamageIsCorruptOrHarmless(b, ValueQuantiles::read);
  }
}
