package io.mercato.core.sampling;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsistentSamplerTest {
  static final int USERS = 100_000;

  static Set<String> sampled(ConsistentSampler s, double rate) {
    Set<String> in = new HashSet<>();
    for (int u = 0; u < USERS; u++) {
      if (s.inSample("u-" + u, rate)) {
        in.add("u-" + u);
      }
    }
    return in;
  }

  @Test
  void rateOneTenthKeepsAboutTenPercentOfUsers() {
    ConsistentSampler s = new ConsistentSampler(Map.of("view", 0.1));
    int kept = 0;
    for (int u = 0; u < USERS; u++) {
      if (s.keep(event("e" + u, "view", "u-" + u, "p", null, T0))) {
        kept++;
      }
    }
    double sigma = Math.sqrt(0.1 * 0.9 * USERS);
    assertThat((double) kept).isBetween(0.1 * USERS - 4 * sigma, 0.1 * USERS + 4 * sigma);
  }

  @Test
  void decisionsAreDeterministicPerUserRateAndSeed() {
    ConsistentSampler a = new ConsistentSampler(Map.of("view", 0.3), 42);
    ConsistentSampler b = new ConsistentSampler(Map.of("view", 0.3), 42);
    assertThat(sampled(a, 0.3)).isEqualTo(sampled(b, 0.3));
    // Every event of a user gets the same decision.
    for (int i = 0; i < 50; i++) {
      boolean first = a.keep(event("x", "view", "u-7", "p" + i, null, T0 + i));
      assertThat(first).isEqualTo(a.inSample("u-7", 0.3));
    }
    // A different seed is a different, roughly independent sample: overlap ~ 0.3 * 0.3.
    Set<String> other = sampled(new ConsistentSampler(Map.of(), 43), 0.3);
    Set<String> both = new HashSet<>(sampled(a, 0.3));
    both.retainAll(other);
    assertThat((double) both.size() / USERS).isBetween(0.08, 0.10);
  }

  @Test
  void samplesAreNested() {
    ConsistentSampler s = new ConsistentSampler(Map.of());
    Set<String> previous = Set.of();
    for (double r : new double[] {0.0, 0.01, 0.05, 0.1, 0.5, 0.9, 1.0}) {
      Set<String> in = sampled(s, r);
      // Set.containsAll, not AssertJ's: the latter is quadratic on 100k elements.
      assertThat(in.containsAll(previous)).as("sample at %s contains the smaller one", r).isTrue();
      previous = in;
    }
    assertThat(sampled(s, 0.0)).isEmpty();
    assertThat(sampled(s, 1.0)).hasSize(USERS);
  }

  @Test
  void typesWithoutARateAreNotSampled() {
    ConsistentSampler s = new ConsistentSampler(Map.of("view", 0.0));
    assertThat(s.keep(event("a", "view", "u", "p", null, T0))).isFalse();
    assertThat(s.keep(event("b", "purchase", "u", "p", 9.0, T0))).isTrue();
    assertThat(s.rate("purchase")).isEqualTo(1.0);
  }

  @Test
  void invalidRatesAreRejectedWithTheType() {
    assertThatThrownBy(() -> new ConsistentSampler(Map.of("view", 1.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new ConsistentSampler(Map.of("click", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("click");
  }
}
