package io.mercato.core.experiment.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentJson;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.assign.Assigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BanditAllocatorTest {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final BanditAllocator ALLOCATOR = new BanditAllocator(BanditAllocator.DEFAULT_DRAWS);

  /** Three ad policies; burn-in 12 h, hourly updates, floor 10%. */
  static final ExperimentDefinition D =
      new ExperimentRules(EventLimits.defaults(), new SegmentCompiler())
          .read(
              AdsJson.parseObject(
                  """
          {"name": "Ad policies", "mode": "bandit", "salt": "bandit-salt", "start": "2026-03-01T00:00:00Z",
           "arms": [{"name": "thompson", "kind": "ad_policy", "payload": {"policy": "bayesian_thompson"}},
                    {"name": "mean", "kind": "ad_policy", "payload": {"policy": "bayesian_mean"}},
                    {"name": "learned", "kind": "ad_policy", "payload": {"policy": "learned"}}],
           "primary_metric": "ctr", "bandit": {"burn_in": "PT12H", "cadence": "PT1H", "floor": 0.1}}
          """
                      .getBytes(StandardCharsets.UTF_8)),
              "ad-policies",
              1,
              0);

  @Test
  void theBurnInGivesEveryArmTheSameWeightWhateverTheCounts() {
    Allocation a =
        ALLOCATOR.allocate(
            D, START.plusSeconds(11 * 3600), new long[] {0, 90, 0}, new long[] {100, 100, 100});
    assertThat(a.burnIn()).isTrue();
    assertThat(a.weights()).containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0);
    assertThat(a.from()).isEqualTo(START);
    assertThat(a.until()).isEqualTo(START.plusSeconds(12 * 3600));
  }

  @Test
  void weightsChangeOnlyAtTheCadenceAndAreTheSameOnEveryNode() {
    long[] s = {30, 50, 40};
    long[] n = {1_000, 1_000, 1_000};
    Instant first = START.plusSeconds(12 * 3600);
    Allocation a = ALLOCATOR.allocate(D, first, s, n);
    assertThat(a.epoch()).isEqualTo(1);
    assertThat(a.from()).isEqualTo(first);
    assertThat(a.until()).isEqualTo(first.plusSeconds(3600));
    assertThat(ALLOCATOR.allocate(D, first.plusSeconds(3599), s, n)).as("same epoch").isEqualTo(a);
    assertThat(
            new BanditAllocator(BanditAllocator.DEFAULT_DRAWS)
                .allocate(D, first.plusSeconds(1800), s, n))
        .as("another node")
        .isEqualTo(a);
    assertThat(BanditAllocator.epoch(D, first.plusSeconds(3600))).isEqualTo(2);
  }

  @Test
  void theBetterArmGetsMoreTrafficAndNoArmFallsBelowTheFloor() {
    Allocation a =
        ALLOCATOR.allocate(
            D,
            START.plusSeconds(13 * 3600),
            new long[] {30, 60, 40},
            new long[] {1_000, 1_000, 1_000});
    double[] w = a.weights();
    assertThat(Arrays.stream(w).sum()).isCloseTo(1, within(1e-12));
    // 6% against 3% and 4%: "mean" is best with near certainty and gets nearly all it may, 1 − 2 ×
    // 0.1.
    assertThat(a.pBest()[1]).isGreaterThan(0.95);
    assertThat(w[1]).isGreaterThan(0.76).isLessThanOrEqualTo(0.8);
    assertThat(w[0]).isGreaterThanOrEqualTo(0.1);
    assertThat(w[2]).isGreaterThanOrEqualTo(0.1);
    for (int i = 0; i < 3; i++) {
      assertThat(w[i]).isCloseTo(0.1 + 0.7 * a.pBest()[i], within(1e-12));
    }
  }

  @Test
  void pBestMatchesTheExactAnswerForTwoEqualArms() {
    double[] p = ALLOCATOR.probabilityBest(new long[] {50, 50}, new long[] {1_000, 1_000}, 1);
    assertThat(p[0]).isCloseTo(0.5, within(0.02));
    assertThat(p[0] + p[1]).isCloseTo(1, within(1e-12));
  }

  /**
   * A simulated bandit run: three arms of true CTR 3%, 4% and 6%, 1,000 users per hour assigned by the
   * real assigner with the current allocation, 48 hours. After the burn-in the best arm takes most of
   * the traffic; every arm keeps its floor.
   */
  @Test
  void aSimulatedBanditMovesTrafficToTheBestArm() {
    double[] trueCtr = {0.03, 0.06, 0.04};
    Assigner assigner = new Assigner(D, new SegmentCompiler());
    SplittableRandom rng = new SplittableRandom(8);
    long[] s = new long[3];
    long[] n = new long[3];
    long[] lastDay = new long[3];
    int user = 0;
    for (int hour = 0; hour < 48; hour++) {
      Instant t = START.plusSeconds(hour * 3600L);
      double[] w = ALLOCATOR.allocate(D, t, s, n).weights();
      for (int i = 0; i < 1_000; i++) {
        String arm = assigner.assign("user-" + user++, t, () -> null, w).arm();
        int a = D.armIndex(arm);
        n[a]++;
        s[a] += rng.nextDouble() < trueCtr[a] ? 1 : 0;
        if (hour >= 24) {
          lastDay[a]++;
        }
      }
    }
    long day = Arrays.stream(lastDay).sum();
    assertThat(lastDay[1] / (double) day).as("best arm's share of the last day").isGreaterThan(0.6);
    assertThat(lastDay[0] / (double) day).as("floor").isGreaterThan(0.08);
    assertThat(lastDay[2] / (double) day).as("floor").isGreaterThan(0.08);
  }

  @Test
  void onlyAStartedBanditIsAllocated() {
    assertThatThrownBy(
            () ->
                BanditAllocator.epoch(
                    ExperimentJson.readStored(
                        ExperimentJson.write(D).replace("\"start\":\"2026-03-01T00:00:00Z\",", "")),
                    START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a started bandit");
    assertThatThrownBy(
            () -> ALLOCATOR.allocate(D, START, new long[] {5, 0, 0}, new long[] {1, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ALLOCATOR.allocate(D, START, new long[] {0, 0}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 arms");
  }
}
