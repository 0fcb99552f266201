package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRepository;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.ExperimentVersionConflictException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExperimentRepository} must do, run against each database ({@code
 * H2ExperimentRepositoryTest}, {@code PostgresExperimentRepositoryIT}): every field round-trips, versions
 * are appended in order and never lost to a concurrent writer, key order, durability across a reopen.
 */
abstract class ExperimentRepositoryContract {
  static final ExperimentRules RULES =
      new ExperimentRules(EventLimits.defaults(), new SegmentCompiler());

  protected ExperimentRepository repo;

  protected abstract ExperimentRepository openFresh();

  protected abstract ExperimentRepository reopen();

  @BeforeEach
  void open() {
    repo = openFresh();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  /** Every member given, unicode in the name and a campaign holdout with a long id. */
  static ExperimentDefinition full(String key, int version) {
    return RULES.read(
        AdsJson.parseObject(
            ("""
        {"name": "ALS gegen Item-CF ☀", "mode": "ab",
         "arms": [{"name": "control", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                  {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}},
                  {"name": "discount", "kind": "campaign_settings",
                   "payload": {"campaign_id": "spring-sale/ü", "discount": {"kind": "amount", "value": "2.50"}}}],
         "control": "control", "weights": {"control": 2, "als": 1, "discount": 0.5},
         "targeting": "profile.purchases >= 1 && !profile.purchased('p-9')", "salt": "Salt.1",
         "primary_metric": "conversion", "guardrail_metrics": ["revenue_per_user", "latency"],
         "start": "2026-03-01T00:00:00+01:00", "stop": "2026-04-01T00:00:00Z",
         "holdouts": {"global": 0.05, "campaigns": [{"campaign_id": "%s", "share": 0.1}]}}
        """)
                .formatted("c".repeat(128))
                .getBytes(StandardCharsets.UTF_8)),
        key,
        version,
        1_767_225_600_123L);
  }

  static ExperimentDefinition bandit(String key, int version) {
    return RULES.read(
        AdsJson.parseObject(
            """
        {"name": "Ad policies", "mode": "bandit", "start": "2026-03-01T00:00:00Z", "primary_metric": "ctr",
         "arms": [{"name": "thompson", "kind": "ad_policy", "payload": {"policy": "bayesian_thompson"}},
                  {"name": "learned", "kind": "ad_policy", "payload": {"policy": "learned"}}],
         "bandit": {"burn_in": "PT6H", "cadence": "PT15M", "floor": 0.2}}
        """
                .getBytes(StandardCharsets.UTF_8)),
        key,
        version,
        7L);
  }

  @Test
  void everyFieldRoundTrips() {
    repo.put(full("reco-als", 1));
    repo.put(bandit("ads", 1));
    assertThat(repo.latest("reco-als")).contains(full("reco-als", 1));
    assertThat(repo.version("ads", 1)).contains(bandit("ads", 1));
    assertThat(repo.latest("nope")).isEmpty();
    assertThat(repo.version("ads", 2)).isEmpty();
    assertThat(repo.latestVersion("nope")).isZero();
  }

  @Test
  void versionsAreAppendedAndEveryOneIsKept() {
    repo.put(full("x", 1));
    repo.put(bandit("x", 2));
    repo.put(full("x", 3));
    assertThat(repo.latestVersion("x")).isEqualTo(3);
    assertThat(repo.versions("x")).containsExactly(full("x", 1), bandit("x", 2), full("x", 3));
    assertThat(repo.latest("x")).contains(full("x", 3));
    assertThat(repo.version("x", 2)).contains(bandit("x", 2));
  }

  @Test
  void aVersionThatIsNotTheNextIsAConflictAndNothingIsStored() {
    assertThatThrownBy(() -> repo.put(full("x", 2)))
        .isInstanceOfSatisfying(
            ExperimentVersionConflictException.class,
            e -> {
              assertThat(e.latest()).isZero();
              assertThat(e.attempted()).isEqualTo(2);
              assertThat(e.getMessage()).contains("\"x\"").contains("version 1");
            });
    repo.put(full("x", 1));
    assertThatThrownBy(() -> repo.put(bandit("x", 1)))
        .isInstanceOf(ExperimentVersionConflictException.class);
    assertThat(repo.versions("x")).containsExactly(full("x", 1));
  }

  @Test
  void theLatestOfEachExperimentIsListedInKeyOrder() {
    for (String key : List.of("b", "a", "a-1", "a.b", "0")) {
      repo.put(full(key, 1));
    }
    repo.put(bandit("a", 2));
    assertThat(repo.latestOfEach())
        .extracting(ExperimentDefinition::key)
        .containsExactly("0", "a", "a-1", "a.b", "b");
    assertThat(repo.latestOfEach().get(1)).isEqualTo(bandit("a", 2));
  }

  @Test
  void everythingSurvivesAReopen() {
    repo.put(full("x", 1));
    repo.put(bandit("x", 2));
    repo = reopen();
    assertThat(repo.versions("x")).containsExactly(full("x", 1), bandit("x", 2));
  }

  @Test
  void concurrentWritersOfTheSameVersionGetOneInAndTheOthersAConflict() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger conflicts = new AtomicInteger();
    try {
      for (int version = 1; version <= 5; version++) {
        int v = version;
        List<Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < 4; w++) { // four writers race for each version
          writes.add(
              pool.submit(
                  () -> {
                    try {
                      repo.put(full("race", v));
                    } catch (ExperimentVersionConflictException e) {
                      conflicts.incrementAndGet();
                    }
                  }));
        }
        for (Future<?> f : writes) {
          f.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.versions("race"))
        .extracting(ExperimentDefinition::version)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(conflicts).hasValue(15);
  }
}
