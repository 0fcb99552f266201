package io.mercato.core.experiment.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.stats.SampleRatioCheck;
import io.mercato.core.profile.ProfileView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AssignerTest {
  static final SegmentCompiler SEGMENTS = new SegmentCompiler();
  static final ExperimentRules RULES = new ExperimentRules(EventLimits.defaults(), SEGMENTS);
  static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
  static final String THREE_ARMS =
      """
      {"name": "Three arms",
       "arms": [{"name": "control", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}},
                {"name": "popular", "kind": "recommendation_strategy", "payload": {"strategy": "popular"}}],
       "weights": {"control": 1, "als": 2, "popular": 1}, "primary_metric": "ctr", "salt": "pinned-salt",
       "start": "2026-03-01T00:00:00Z", "stop": "2026-04-01T00:00:00Z"}
      """;

  static ExperimentDefinition definition(String json, String patch) {
    ObjectNode body = AdsJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
    AdsJson.parseObject(patch.getBytes(StandardCharsets.UTF_8))
        .properties()
        .forEach(e -> body.set(e.getKey(), e.getValue()));
    return RULES.read(body, "pins", 1, 0);
  }

  static Assigner assigner(String patch) {
    return new Assigner(definition(THREE_ARMS, patch), SEGMENTS);
  }

  static SegmentInput withPurchases(String user, long purchases) {
    return new SegmentInput(
        user,
        new ProfileView(
            NOW.toEpochMilli(),
            null,
            null,
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            purchases,
            0,
            null,
            null),
        Set.of());
  }

  @Test
  void assignmentsArePinned() {
    // Regression pin: a change of hash, encoding or arm choice moves users of running experiments.
    Assigner a = assigner("{}");
    List<String> arms = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      arms.add(a.assign("u-" + i, NOW, () -> null).arm());
    }
    assertThat(arms)
        .containsExactly(
            "control", "als", "popular", "als", "control", "als", "als", "als", "als", "als", "als",
            "als");
  }

  @Test
  void assignmentIsStickyAndTheSameOnAnotherNodeOrAfterARestart() {
    Assigner first = assigner("{}");
    Assigner otherNode = assigner("{}"); // built from the same definition, as another JVM would
    for (int i = 0; i < 10_000; i++) {
      String user = "user-" + i;
      Assignment a = first.assign(user, NOW, () -> null);
      assertThat(first.assign(user, NOW.plusSeconds(3600), () -> null)).isEqualTo(a);
      assertThat(otherNode.assign(user, NOW, () -> null)).isEqualTo(a);
    }
  }

  @Test
  void armsGetTheirWeightedShareAndTheSampleRatioCheckAgrees() {
    Assigner a = assigner("{}");
    Map<String, Integer> counts = new HashMap<>();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      counts.merge(a.assign("user-" + i, NOW, () -> null).arm(), 1, Integer::sum);
    }
    assertThat(counts.get("control") / (double) n).isCloseTo(0.25, Offset.offset(0.005));
    assertThat(counts.get("als") / (double) n).isCloseTo(0.50, Offset.offset(0.005));
    assertThat(counts.get("popular") / (double) n).isCloseTo(0.25, Offset.offset(0.005));
    SampleRatioCheck.Result srm =
        SampleRatioCheck.check(
            new long[] {counts.get("control"), counts.get("als"), counts.get("popular")},
            new double[] {1, 2, 1},
            0.001);
    assertThat(srm.mismatch()).as("p = %s", srm.pValue()).isFalse();
  }

  @Test
  void aWeightChangeOnlyMovesUsersIntoTheArmThatGrew() {
    Assigner before = assigner("{}");
    Assigner after = assigner("{\"weights\": {\"control\": 1, \"als\": 2, \"popular\": 3}}");
    int moved = 0;
    for (int i = 0; i < 20_000; i++) {
      String user = "user-" + i;
      String was = before.assign(user, NOW, () -> null).arm();
      String is = after.assign(user, NOW, () -> null).arm();
      if (!was.equals(is)) {
        assertThat(is).isEqualTo("popular");
        moved++;
      }
    }
    // popular goes from 1/4 to 1/2 of the users: a quarter of them move, nobody else.
    assertThat(moved / 20_000.0).isCloseTo(0.25, Offset.offset(0.015));
  }

  @Test
  void anArmWithWeightZeroGetsNobody() {
    Assigner a = assigner("{\"weights\": {\"control\": 1, \"als\": 0, \"popular\": 1}}");
    for (int i = 0; i < 5_000; i++) {
      assertThat(a.assign("user-" + i, NOW, () -> null).arm()).isNotEqualTo("als");
    }
  }

  @Test
  void onlyARunningExperimentAssigns() {
    Assigner a = assigner("{}");
    assertThat(a.assign("u-1", Instant.parse("2026-02-28T23:59:59Z"), () -> null))
        .isEqualTo(Assignment.NOT_RUNNING);
    assertThat(a.assign("u-1", Instant.parse("2026-03-01T00:00:00Z"), () -> null).status())
        .isEqualTo(Assignment.Status.ARM);
    assertThat(a.assign("u-1", Instant.parse("2026-04-01T00:00:00Z"), () -> null))
        .isEqualTo(Assignment.NOT_RUNNING);
    Assigner draft = assigner("{\"start\": null, \"stop\": null}");
    assertThat(draft.assign("u-1", NOW, () -> null)).isEqualTo(Assignment.NOT_RUNNING);
  }

  @Test
  void targetingIsEvaluatedOnTheLiveProfileAndOnlyWhenNeeded() {
    Assigner a = assigner("{\"targeting\": \"profile.purchases >= 1\"}");
    assertThat(a.assign("u-1", NOW, () -> withPurchases("u-1", 0)))
        .isEqualTo(Assignment.NOT_TARGETED);
    assertThat(a.assign("u-1", NOW, () -> withPurchases("u-1", 2)))
        .isEqualTo(Assignment.arm("control"));
    AtomicInteger asked = new AtomicInteger();
    assigner("{}")
        .assign(
            "u-1",
            NOW,
            () -> {
              asked.incrementAndGet();
              return withPurchases("u-1", 0);
            });
    a.assign(
        "u-1",
        Instant.parse("2027-01-01T00:00:00Z"),
        () -> {
          asked.incrementAndGet();
          return withPurchases("u-1", 0);
        });
    assertThat(asked).as("no targeting, or not running: the profile is not read").hasValue(0);
  }

  @Test
  void heldOutUsersAreTheSameInEveryExperimentAndNestedByShare() {
    Assigner tenPercent = assigner("{\"holdouts\": {\"global\": 0.1}}");
    Assigner otherSalt = assigner("{\"holdouts\": {\"global\": 0.1}, \"salt\": \"another-salt\"}");
    Assigner fivePercent = assigner("{\"holdouts\": {\"global\": 0.05}}");
    int held = 0;
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      String user = "user-" + i;
      Assignment a = tenPercent.assign(user, NOW, () -> null);
      assertThat(otherSalt.assign(user, NOW, () -> null).status() == Assignment.Status.HOLDOUT)
          .isEqualTo(a.status() == Assignment.Status.HOLDOUT);
      if (fivePercent.assign(user, NOW, () -> null).status() == Assignment.Status.HOLDOUT) {
        assertThat(a).isEqualTo(Assignment.holdout("global"));
      }
      held += a.status() == Assignment.Status.HOLDOUT ? 1 : 0;
    }
    assertThat(held / (double) n).isCloseTo(0.10, Offset.offset(0.006));
  }

  @Test
  void aCampaignHoldoutHoldsOutItsShareAndTheHoldoutComesBeforeAnyArm() {
    Assigner a =
        assigner(
            "{\"holdouts\": {\"campaigns\": [{\"campaign_id\": \"spring-sale\", \"share\": 0.2}]}}");
    int held = 0;
    for (int i = 0; i < 20_000; i++) {
      Assignment x = a.assign("user-" + i, NOW, () -> null);
      if (x.status() == Assignment.Status.HOLDOUT) {
        assertThat(x.holdout()).isEqualTo("campaign:spring-sale");
        assertThat(x.arm()).isNull();
        held++;
      }
    }
    assertThat(held / 20_000.0).isCloseTo(0.2, Offset.offset(0.012));
    // u-42's global bucket is 0.4229...: pinned, so that the holdout salt cannot change unnoticed.
    assertThat(
            assigner("{\"holdouts\": {\"global\": 0.43}}").assign("u-42", NOW, () -> null).status())
        .isEqualTo(Assignment.Status.HOLDOUT);
    assertThat(
            assigner("{\"holdouts\": {\"global\": 0.42}}").assign("u-42", NOW, () -> null).status())
        .isEqualTo(Assignment.Status.ARM);
  }

  @Test
  void heldOutUsersOutsideTheTargetingAreNotInTheHoldoutGroup() {
    Assigner a =
        assigner("{\"holdouts\": {\"global\": 0.5}, \"targeting\": \"profile.purchases >= 1\"}");
    for (int i = 0; i < 1_000; i++) {
      String user = "user-" + i;
      assertThat(a.assign(user, NOW, () -> withPurchases(user, 0)))
          .isEqualTo(Assignment.NOT_TARGETED);
    }
  }

  @Test
  void interleavingServesBothArmsToEveryTargetedUser() {
    ExperimentDefinition d =
        definition(
            """
        {"name": "Rankers", "mode": "interleaving", "start": "2026-03-01T00:00:00Z", "primary_metric": "ctr",
         "arms": [{"name": "itemcf", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                  {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}}]}
        """,
            "{}");
    assertThat(new Assigner(d, SEGMENTS).assign("u-1", NOW, () -> null))
        .isEqualTo(Assignment.INTERLEAVED);
  }

  @Test
  void banditWeightsReplaceTheDefinitionsAndMustFitTheArms() {
    Assigner a = assigner("{}");
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.assign("user-" + i, NOW, () -> null, new double[] {0, 0, 1}).arm())
          .isEqualTo("popular");
    }
    assertThatThrownBy(() -> a.assign("u-1", NOW, () -> null, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 arm weights");
    assertThatThrownBy(() -> a.assign("u-1", NOW, () -> null, new double[] {0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive sum");
  }
}
