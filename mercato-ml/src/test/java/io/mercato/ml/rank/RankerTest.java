package io.mercato.ml.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import io.mercato.core.reco.RecoConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ranker on {@link PromoWorld}: trained on the first two weeks' point-in-time rows, judged on the
 * third week's, against its own first stage (item-CF) and popularity ranking the same candidates.
 */
class RankerTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-02-01T00:00:00Z"));
  static RankerRows train;
  static RankerRows test;

  @BeforeAll
  static void rows() {
    EventLogState s = new EventLogState(RecoConfig.defaults(), Map.of());
    // people buy what they viewed here: seen items stay candidates
    RankerRows all =
        new PointInTimeRows(e -> e.type().equals("purchase"), 0, 10, 10, 7, false)
            .build(new PromoWorld(21, 3).events, s, PointInTimeRowsTest.cfStages(s));
    long cut = PromoWorld.T0 + 14 * PromoWorld.DAY;
    train = slice(all, m -> m.atMillis() < cut);
    test = slice(all, m -> m.atMillis() >= cut);
  }

  static RankerParams small() {
    return RankerParams.defaults().withTrees(60).withMinDataInLeaf(20);
  }

  @Test
  void beatsItsFirstStageAndPopularityByAWideMargin() {
    try (RankerModel m = RankerTrainer.train(train, small(), t -> {}, CLOCK)) {
      double[] ranker = m.predict(test.features(), test.rows());
      double hitRanker = hitRate(test, ranker, 3);
      double hitItemCf = hitRate(test, column(test, "itemcf_score"), 3);
      double hitPopular = hitRate(test, column(test, "popularity"), 3);
      assertThat(test.groups().length).isGreaterThan(1000);
      assertThat(hitRanker)
          .as("ranker vs item-CF %.3f and popularity %.3f", hitItemCf, hitPopular)
          .isGreaterThan(Math.max(hitItemCf, hitPopular) + 0.25);
    }
  }

  @Test
  void explanationsAreShapContributionsThatSumToTheScore() {
    try (RankerModel m = RankerTrainer.train(train, small(), t -> {}, CLOCK)) {
      int w = RankerFeatures.count();
      float[] rows = Arrays.copyOf(test.features(), 5 * w);
      double[] raw = m.predict(rows, 5);
      double[] shap = m.contributions(rows, 5);
      assertThat(shap).hasSize(5 * (w + 1));
      for (int r = 0; r < 5; r++) {
        double sum = 0;
        for (int k = 0; k <= w; k++) {
          sum += shap[r * (w + 1) + k];
        }
        assertThat(sum).as("row %d", r).isCloseTo(raw[r], Assertions.within(1e-6));
      }
      double discount = 0;
      double other = 0;
      for (int r = 0; r < test.rows() && r < 2000; r++) {
        // the planted signal: the discount feature carries the most weight overall
        double[] one = m.contributions(Arrays.copyOfRange(test.features(), r * w, r * w + w), 1);
        discount += Math.abs(one[RankerFeatures.NAMES.indexOf("discount")]);
        other += Math.abs(one[RankerFeatures.NAMES.indexOf("itemcf_score")]);
      }
      assertThat(discount).isGreaterThan(other);
    }
  }

  @Test
  void saveAndLoadPredictTheSame() throws IOException {
    try (RankerModel m = RankerTrainer.train(train, small().withTrees(10), t -> {}, CLOCK)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      byte[] b = out.toByteArray();
      assertThat(Arrays.copyOf(b, 5))
          .containsExactly(0x4D, 0x52, 0x4E, 0x4B, 1); // "MRNK", version 1
      try (RankerModel back = RankerModel.readFrom(new ByteArrayInputStream(b))) {
        assertThat(back.version()).isEqualTo(m.version());
        assertThat(back.params()).isEqualTo(m.params());
        float[] rows = Arrays.copyOf(test.features(), 50 * RankerFeatures.count());
        assertThat(back.predict(rows, 50)).containsExactly(m.predict(rows, 50));
      }
      byte[] damaged = b.clone();
      damaged[b.length / 2] ^= 0x10;
      assertThatThrownBy(() -> RankerModel.readFrom(new ByteArrayInputStream(damaged)))
          .isInstanceOf(CorruptDataException.class)
          .hasMessageContaining("checksum");
      assertThatThrownBy(() -> RankerModel.readFrom(new ByteArrayInputStream(Arrays.copyOf(b, 40))))
          .isInstanceOf(CorruptDataException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void trainingIsDeterministic() {
    try (RankerModel a = RankerTrainer.train(train, small().withTrees(15), t -> {}, CLOCK);
        RankerModel b = RankerTrainer.train(train, small().withTrees(15), t -> {}, CLOCK)) {
      assertThat(a.version()).isEqualTo(b.version());
    }
  }

  @Test
  void nativeLibraryLoadsOncePerProcessFromAPrivateCopy() throws IOException {
    String tmp = System.getProperty("java.io.tmpdir");
    LightGbmRuntime.start();
    String owner = System.getProperty(LightGbmRuntime.OWNER_PROPERTY);
    assertThat(owner).isNotBlank();
    LightGbmRuntime.start();
    assertThat(System.getProperty(LightGbmRuntime.OWNER_PROPERTY)).isEqualTo(owner);
    assertThat(System.getProperty("java.io.tmpdir")).isEqualTo(tmp);
    // mapped from this process's own directory, not a shared /tmp/lib_lightgbm.so another JVM may
    // rewrite
    List<String> mapped =
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(l -> l.endsWith("lib_lightgbm.so"))
            .toList();
    assertThat(mapped).isNotEmpty().allSatisfy(l -> assertThat(l).contains("/mercato-lightgbm-"));
  }

  /** Share of groups whose positive ranks in the top {@code k} by {@code score} (ties count against it). */
  static double hitRate(RankerRows rows, double[] score, int k) {
    int hits = 0;
    int at = 0;
    for (int g : rows.groups()) {
      int pos = -1;
      for (int r = at; r < at + g; r++) {
        if (rows.labels()[r] >= 4) {
          pos = r;
        }
      }
      int above = 0;
      for (int r = at; r < at + g; r++) {
        double s = Double.isNaN(score[r]) ? Double.NEGATIVE_INFINITY : score[r];
        double p = Double.isNaN(score[pos]) ? Double.NEGATIVE_INFINITY : score[pos];
        if (r != pos && s >= p) {
          above++;
        }
      }
      hits += above < k ? 1 : 0;
      at += g;
    }
    return hits / (double) rows.groups().length;
  }

  static double[] column(RankerRows rows, String name) {
    int w = RankerFeatures.count();
    int c = RankerFeatures.NAMES.indexOf(name);
    double[] out = new double[rows.rows()];
    for (int r = 0; r < out.length; r++) {
      out[r] = rows.features()[r * w + c];
    }
    return out;
  }

  static RankerRows slice(RankerRows all, Predicate<RankerRows.Moment> keep) {
    int w = RankerFeatures.count();
    List<float[]> f = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    List<RankerRows.Moment> moments = new ArrayList<>();
    List<String> items = new ArrayList<>();
    int at = 0;
    for (int g = 0; g < all.groups().length; g++) {
      int n = all.groups()[g];
      if (keep.test(all.moments().get(g))) {
        f.add(Arrays.copyOfRange(all.features(), at * w, (at + n) * w));
        for (int r = at; r < at + n; r++) {
          labels.add(all.labels()[r]);
          items.add(all.items().get(r));
        }
        groups.add(n);
        moments.add(all.moments().get(g));
      }
      at += n;
    }
    float[] features = new float[labels.size() * w];
    int o = 0;
    for (float[] x : f) {
      System.arraycopy(x, 0, features, o, x.length);
      o += x.length;
    }
    float[] l = new float[labels.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = labels.get(i);
    }
    return new RankerRows(
        features, l, groups.stream().mapToInt(Integer::intValue).toArray(), moments, items);
  }
}
