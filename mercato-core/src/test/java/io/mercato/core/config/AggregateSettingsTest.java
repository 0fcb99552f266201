package io.mercato.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.StatsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AggregateSettingsTest {
  private final AggregateSettings defaults = AggregateSettings.defaults();

  @Test
  void defaultsAreTheSectionsDefaults() {
    assertThat(defaults.stats()).isEqualTo(StatsConfig.defaults());
    assertThat(defaults.profile()).isEqualTo(ProfileConfig.defaults());
    assertThat(defaults.dedupHorizon()).isEqualTo(Duration.ofHours(24));
    assertThat(defaults.keyedAggregates().globalPartitions())
        .isEqualTo(defaults.globalPartitions());
  }

  @Test
  void shapeDependsOnWindowsLatenessAndProfileButNotOnLimitsOrPartitions() {
    StatsConfig s = defaults.stats();
    assertThat(
            defaults.sameShape(
                defaults.withGlobalPartitions(9).withDedupHorizon(Duration.ofHours(1))))
        .isTrue();
    assertThat(
            defaults.sameShape(
                defaults.withStats(
                    new StatsConfig(
                        "1m,1h",
                        s.allowedLateness(),
                        s.ratePriorStrength(),
                        s.compositeKeys(),
                        s.maxLead()))))
        .isFalse();
    assertThat(
            defaults.sameShape(
                defaults.withStats(
                    new StatsConfig(
                        s.windows(),
                        Duration.ofMinutes(1),
                        s.ratePriorStrength(),
                        s.compositeKeys(),
                        s.maxLead()))))
        .isFalse();
  }

  @Test
  void effectiveTimeFollowsMaxLead() {
    StatsConfig s = defaults.stats();
    AggregateSettings a =
        defaults.withStats(
            new StatsConfig(
                s.windows(),
                s.allowedLateness(),
                s.ratePriorStrength(),
                s.compositeKeys(),
                Duration.ofSeconds(5)));
    long arrival = 1_000_000L;
    assertThat(a.effectiveTime().maxLeadMillis()).isEqualTo(5_000L);
    assertThat(a.effectiveTime().of(arrival + 60_000L, arrival)).isEqualTo(arrival + 5_000L);
    assertThat(a.effectiveTime().of(arrival - 10L, arrival)).isEqualTo(arrival - 10L);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> defaults.withDedupHorizon(Duration.ZERO))
        .hasMessageContaining("dedup horizon");
    assertThatThrownBy(() -> defaults.withGlobalPartitions(0))
        .hasMessageContaining("global partitions");
  }
}
