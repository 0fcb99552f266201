package io.mercato.core.experiment.assign;

import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.experiment.Arm;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Assigns users to one experiment's arms: deterministic and sticky, a pure function of the definition,
 * the user id and the time, so every API node and every restart gives the same answer with no state
 * shared. In order:
 * <ol>
 *   <li>not running at {@code now} (a draft, before the start, from the stop on) → {@code NOT_RUNNING};
 *   <li>the user's holdout buckets are computed first (global, then each campaign in id order), so that
 *       a holdout takes precedence over every arm: a bucket below its share holds the user out;
 *   <li>targeting: when the CEL condition does not hold for the user's live profile → {@code
 *       NOT_TARGETED} (held-out users are subject to it too, so that the holdout group is comparable
 *       with the arms; the runtime withholds personalisation from held-out users whatever experiment
 *       targets them);
 *   <li>held out → {@code HOLDOUT}; interleaving → {@code INTERLEAVED};
 *   <li>else the arm by weighted rendezvous hashing: each arm {@code a} with weight {@code w_a > 0}
 *       draws {@code u_a = unit(salt, a, user)} and the arm with the least {@code −ln(u_a) / w_a} wins.
 *       Those are independent exponential variables of rates {@code w_a}, so arm {@code a} wins with
 *       probability exactly {@code w_a / Σw}. Unlike cutting [0, 1) into consecutive ranges, a change of
 *       weights only moves users into arms whose weight grew (or out of arms whose weight shrank), and
 *       adding an arm only takes users into the new arm: users stay where they were as far as the new
 *       weights allow.
 * </ol>
 * Holdout buckets are {@code unit("mercato-holdout", "global", user)} and {@code unit("mercato-holdout",
 * "campaign", campaignId, user)} ({@link StableHash}); they do not involve the experiment's salt, so a
 * user is held out of every experiment that declares a share above the user's bucket.
 *
 * <p>Cost: one hash per holdout and per arm (≈ 50 ns each) and at most one evaluation of the
 * targeting condition. Thread-safe and immutable; build one per definition version.
 */
public final class Assigner {
  /** Salt of every holdout bucket; changing it would reshuffle every holdout. */
  public static final String HOLDOUT_SALT = "mercato-holdout";

  private final ExperimentDefinition definition;
  private final Segment targeting;
  private final StableHash.Prefix globalHoldout;
  private final StableHash.Prefix[] campaignHoldouts;
  private final String[] campaignIds;
  private final double[] campaignShares;
  private final StableHash.Prefix[] arms;
  private final String[] armNames;
  private final double[] weights;

  /**
   * @param segments compiles the targeting condition once (it was validated with the definition)
   */
  public Assigner(ExperimentDefinition definition, SegmentCompiler segments) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.targeting =
        definition.targeting() == null ? null : segments.compile(definition.targeting());
    this.globalHoldout = StableHash.prefix(HOLDOUT_SALT, "global");
    Map<String, Double> campaigns = definition.holdouts().campaigns();
    this.campaignHoldouts = new StableHash.Prefix[campaigns.size()];
    this.campaignIds = new String[campaigns.size()];
    this.campaignShares = new double[campaigns.size()];
    int i = 0;
    for (Map.Entry<String, Double> e : campaigns.entrySet()) {
      campaignIds[i] = e.getKey();
      campaignShares[i] = e.getValue();
      campaignHoldouts[i++] = StableHash.prefix(HOLDOUT_SALT, "campaign", e.getKey());
    }
    List<Arm> list = definition.arms();
    this.arms = new StableHash.Prefix[list.size()];
    this.armNames = new String[list.size()];
    this.weights = new double[list.size()];
    for (int a = 0; a < list.size(); a++) {
      armNames[a] = list.get(a).name();
      weights[a] = list.get(a).weight();
      arms[a] = StableHash.prefix(definition.salt(), armNames[a]);
    }
  }

  public ExperimentDefinition definition() {
    return definition;
  }

  /**
   * The user's assignment at {@code now} with the definition's weights.
   *
   * @param profile asked at most once, only when the definition has targeting and it is running
   */
  public Assignment assign(String userId, Instant now, Supplier<SegmentInput> profile) {
    return assign(userId, now, profile, weights);
  }

  /**
   * The user's assignment at {@code now} with {@code armWeights} instead of the definition's (a
   * bandit's current allocation, {@code BanditAllocator}).
   *
   * @param armWeights one finite weight {@code >= 0} per arm, in definition order, positive sum
   */
  public Assignment assign(
      String userId, Instant now, Supplier<SegmentInput> profile, double[] armWeights) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(now, "now");
    if (armWeights.length != armNames.length) {
      throw new IllegalArgumentException(
          "expected " + armNames.length + " arm weights but got " + armWeights.length);
    }
    if (!definition.runningAt(now)) {
      return Assignment.NOT_RUNNING;
    }
    String heldOutBy = holdout(userId);
    if (targeting != null && !targeting.matches(profile.get())) {
      return Assignment.NOT_TARGETED;
    }
    if (heldOutBy != null) {
      return Assignment.holdout(heldOutBy);
    }
    if (definition.mode() == ExperimentMode.INTERLEAVING) {
      return Assignment.INTERLEAVED;
    }
    return Assignment.arm(armNames[arm(userId, armWeights)]);
  }

  /** The holdout that holds {@code userId} out ({@code global} or {@code campaign:<id>}), or null. */
  public String holdout(String userId) {
    if (definition.holdouts().global() > 0
        && globalHoldout.unit(userId) < definition.holdouts().global()) {
      return "global";
    }
    for (int i = 0; i < campaignIds.length; i++) {
      if (campaignHoldouts[i].unit(userId) < campaignShares[i]) {
        return "campaign:" + campaignIds[i];
      }
    }
    return null;
  }

  /** The index of the arm that wins the weighted rendezvous for {@code userId}. */
  int arm(String userId, double[] armWeights) {
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int a = 0; a < arms.length; a++) {
      double w = armWeights[a];
      if (!(w > 0)) {
        continue;
      }
      double score = -Math.log(arms[a].unit(userId)) / w;
      if (score < bestScore) {
        bestScore = score;
        best = a;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("arm weights must have a positive sum");
    }
    return best;
  }
}
