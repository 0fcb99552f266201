package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.SegmentVariables;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Chooses ads. For a user and a placement, every ad of the placement is checked against the rules
 * (ad active; campaign active and within its dates; budget and pacing; the user in the campaign's
 * segment; frequency caps), the eligible ones are ranked by expected value per impression — a
 * Thompson draw of pCTR × bid for CPC, bid / 1000 for CPM — times the campaign's pacing multiplier,
 * and the best are reserved in the {@link AdState} (caps and budget re-checked atomically there, so
 * concurrent decisions never exceed a cap). The caller records the impression events under the
 * returned ids and cancels any it could not record ({@link AdLedger#cancel} in the embedded runtime).
 *
 * <p>With a seed, the Thompson draws are a deterministic sequence (one generator per decision,
 * seeded from a sequence that starts at the seed), so a single-threaded test is reproducible.
 * Thread-safe.
 */
public final class DecisionService {
  private final Supplier<AdInventory> inventory;
  private final AdState ledger;
  private final CtrModel ctr;
  private final InstantSource clock;
  private final SplittableRandom seeds;
  private final long segmentBudget;

  /** Steps charged for evaluating a segment at all, on top of its estimated cost (the evaluator's set-up). */
  public static final long EVALUATION_STEPS = 200;

  /** The default segment budget of one decision, in steps. */
  public static final long DEFAULT_SEGMENT_BUDGET = 100_000;

  /**
   * @param inventory the current campaigns and ads (read once per decision)
   * @param seed      seed of the exploration draws, or null for a random one
   */
  public DecisionService(
      Supplier<AdInventory> inventory,
      AdState ledger,
      CtrModel ctr,
      InstantSource clock,
      Long seed) {
    this(inventory, ledger, ctr, clock, seed, DEFAULT_SEGMENT_BUDGET);
  }

  /**
   * @param segmentBudget evaluation steps one decision may spend on segments (see {@link #decide})
   */
  public DecisionService(
      Supplier<AdInventory> inventory,
      AdState ledger,
      CtrModel ctr,
      InstantSource clock,
      Long seed,
      long segmentBudget) {
    if (segmentBudget < 1) {
      throw new IllegalArgumentException(
          "segment budget must be positive but was " + segmentBudget);
    }
    this.segmentBudget = segmentBudget;
    this.inventory = inventory;
    this.ledger = ledger;
    this.ctr = ctr;
    this.clock = clock;
    this.seeds = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
  }

  public AdState ledger() {
    return ledger;
  }

  /**
   * Chooses up to {@code n} ads for {@code userId} in {@code placement} and reserves their
   * impressions. {@code segmentInput} is asked at most once, and only when a candidate's campaign
   * has a segment.
   *
   * <p>The cheap rules (ad and campaign state, dates, budget, frequency caps) are checked for every ad
   * of the placement; the ads that pass are ranked, and only then are segments evaluated, best ad
   * first, until {@code n} ads are chosen: ads ranked below the chosen ones are not judged on their
   * segment (nor counted in {@link Decision#rejected()}). A segment is evaluated at most once per
   * decision (per campaign, and per distinct condition), on variables built once, and the decision
   * spends at most its segment budget: each evaluation costs {@value #EVALUATION_STEPS} steps plus the
   * segment's estimated cost, and an ad whose segment would pass the budget is rejected with
   * {@code segment_budget}. So a decision's CEL work is bounded whatever the number of campaigns.
   *
   * @param explore true to rank by a Thompson draw of pCTR, false to rank by the posterior mean
   */
  public Decision decide(
      String userId,
      String placement,
      int n,
      boolean explore,
      Function<String, SegmentInput> segmentInput) {
    AdInventory inv = inventory.get();
    Instant now = clock.instant();
    String decisionId = "dec-" + UUID.randomUUID();
    UniformRandomProvider rng = rng();
    Map<String, Integer> rejected = new LinkedHashMap<>();
    SegmentJudge segments =
        new SegmentJudge(() -> new SegmentVariables(segmentInput.apply(userId)), segmentBudget);
    // Per decision, each campaign is judged once (status, dates, budget position) and the user's
    // caps
    // are read once: the per-ad work is then a few lookups, whatever the campaign size.
    Map<String, CampaignVerdict> verdicts = new HashMap<>();
    Map<String, Double> campaignRates = new HashMap<>();
    Map<String, int[]> capCounts = null;
    List<Candidate> ranked = new ArrayList<>();
    List<Ad> ads = inv.adsIn(placement);
    for (Ad ad : ads) {
      Rule failed = null;
      CampaignVerdict v = null;
      if (ad.status() != AdStatus.ACTIVE) {
        failed = Rule.AD_PAUSED;
      } else {
        v = verdicts.computeIfAbsent(ad.campaignId(), id -> verdict(inv.campaign(id), now));
        if (v.failed != null) {
          failed = v.failed;
        } else if (!v.budget.fits(ad)) {
          failed = Rule.BUDGET;
        } else {
          if (capCounts == null) {
            capCounts = ledger.capCounts(userId, now);
          }
          failed = capFailure(capCounts, ad, v.campaign);
        }
      }
      if (failed != null) {
        rejected.merge(failed.code, 1, Integer::sum);
        continue;
      }
      CtrModel.Estimate est = ctr.estimate(ledger, ad, campaignRates);
      double draw = explore ? est.sample(rng) : est.mean();
      double pace = v.budget.pacingMultiplier();
      double score = ad.bid().valuePerImpression(draw) * pace;
      ranked.add(new Candidate(ad, v.campaign, est, draw, pace, score));
    }
    ranked.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparing(cand -> cand.ad.id()));
    List<ChosenAd> chosen = new ArrayList<>();
    for (Candidate cand : ranked) {
      if (chosen.size() >= n) {
        break;
      }
      Rule segment = segments.judge(cand.campaign.id(), inv.segmentOf(cand.campaign.id()));
      if (segment != null) {
        rejected.merge(segment.code, 1, Integer::sum);
        continue;
      }
      String eventId = decisionId + "-" + (chosen.size() + 1);
      CapCheck check = ledger.reserve(userId, cand.ad, cand.campaign, now, eventId);
      if (check != CapCheck.OK) {
        // another decision for the same user (or campaign budget) got there first
        rejected.merge(Rule.of(check).code, 1, Integer::sum);
        continue;
      }
      chosen.add(
          new ChosenAd(
              cand.ad, cand.score, cand.estimate.mean(), eventId, reasons(cand, inv, explore)));
    }
    List<String> why = new ArrayList<>();
    if (chosen.isEmpty()) {
      if (ads.isEmpty()) {
        why.add("no ad is set up for placement " + placement);
      }
      rejected.forEach((code, count) -> why.add(count + " ad(s): " + Rule.byCode(code).sentence));
    }
    return new Decision(decisionId, chosen, ads.size(), rejected, why);
  }

  /** Whether {@code adId} may be shown to {@code userId} now, with every rule's verdict (reserves nothing). */
  public Eligibility check(
      String userId, String adId, Function<String, SegmentInput> segmentInput) {
    AdInventory inv = inventory.get();
    Instant now = clock.instant();
    Ad ad = inv.ad(adId);
    if (ad == null) {
      return new Eligibility(false, List.of("no ad " + adId + " exists"));
    }
    Campaign c = inv.campaign(ad.campaignId());
    List<String> failures = new ArrayList<>();
    List<String> passes = new ArrayList<>();
    SegmentInput[] input = {null};
    Supplier<SegmentInput> lazy =
        () -> {
          if (input[0] == null) {
            input[0] = segmentInput.apply(userId);
          }
          return input[0];
        };
    for (Rule r : Rule.ORDER) {
      if (c == null && r != Rule.AD_PAUSED && r != Rule.NO_CAMPAIGN) {
        continue;
      }
      boolean ok = passes(r, userId, ad, c, inv, now, lazy);
      (ok ? passes : failures).add(ok ? passText(r, userId, ad, c, inv, now) : r.sentence);
    }
    List<String> all = new ArrayList<>(failures);
    all.addAll(passes);
    return new Eligibility(failures.isEmpty(), all);
  }

  /** The campaign-level rules but the segment, judged once per decision. */
  private CampaignVerdict verdict(Campaign c, Instant now) {
    Rule failed =
        c == null
            ? Rule.NO_CAMPAIGN
            : c.status() != CampaignStatus.ACTIVE
                ? Rule.CAMPAIGN_INACTIVE
                : now.isBefore(c.start())
                    ? Rule.NOT_STARTED
                    : !now.isBefore(c.end()) ? Rule.ENDED : null;
    return new CampaignVerdict(c, failed, failed == null ? ledger.budgetPosition(c, now) : null);
  }

  private static Rule capFailure(Map<String, int[]> counts, Ad ad, Campaign c) {
    int[] a = counts.getOrDefault("a:" + ad.id(), NO_USE);
    int[] k = counts.getOrDefault("c:" + c.id(), NO_USE);
    FrequencyCaps caps = c.caps();
    return a[0] >= caps.adPerHour()
        ? Rule.AD_PER_HOUR
        : a[1] >= caps.adPerDay()
            ? Rule.AD_PER_DAY
            : k[0] >= caps.campaignPerHour()
                ? Rule.CAMPAIGN_PER_HOUR
                : k[1] >= caps.campaignPerDay() ? Rule.CAMPAIGN_PER_DAY : null;
  }

  private static final int[] NO_USE = {0, 0};

  /** One campaign's verdict within one decision, but its segment. */
  private record CampaignVerdict(Campaign campaign, Rule failed, BudgetPosition budget) {}

  private boolean passes(
      Rule r,
      String userId,
      Ad ad,
      Campaign c,
      AdInventory inv,
      Instant now,
      Supplier<SegmentInput> input) {
    return switch (r) {
      case AD_PAUSED -> ad.status() == AdStatus.ACTIVE;
      case NO_CAMPAIGN -> c != null;
      case CAMPAIGN_INACTIVE -> c.status() == CampaignStatus.ACTIVE;
      case NOT_STARTED -> !now.isBefore(c.start());
      case ENDED -> now.isBefore(c.end());
      case BUDGET -> ledger.withinBudget(ad, c, now);
      case SEGMENT -> {
        Segment s = inv.segmentOf(c.id());
        yield s == null || s.matches(input.get());
      }
      case SEGMENT_BUDGET -> true; // one ad's check evaluates one segment: no budget to spend
      case AD_PER_HOUR, AD_PER_DAY, CAMPAIGN_PER_HOUR, CAMPAIGN_PER_DAY -> {
        int i = r.ordinal() - Rule.AD_PER_HOUR.ordinal();
        yield ledger.capUse(userId, ad.id(), c.id(), now)[i] < capLimits(c)[i];
      }
    };
  }

  private static int[] capLimits(Campaign c) {
    return new int[] {
      c.caps().adPerHour(),
      c.caps().adPerDay(),
      c.caps().campaignPerHour(),
      c.caps().campaignPerDay()
    };
  }

  private String passText(Rule r, String userId, Ad ad, Campaign c, AdInventory inv, Instant now) {
    return switch (r) {
      case AD_PAUSED -> "ad " + ad.id() + " is active in " + String.join(", ", ad.placements());
      case NO_CAMPAIGN -> "campaign " + c.id() + " exists";
      case CAMPAIGN_INACTIVE -> "campaign " + c.id() + " is active";
      case NOT_STARTED -> "campaign started at " + c.start();
      case ENDED -> "campaign runs until " + c.end();
      case BUDGET ->
          String.format(
              Locale.ROOT,
              "spent %s of %s %s today, within pace",
              ledger.spentToday(c, now).toPlainString(),
              c.dailyBudget().toPlainString(),
              c.currency());
      case SEGMENT -> {
        Segment s = inv.segmentOf(c.id());
        yield s == null ? "campaign targets everyone" : "user is in the segment " + s.expression();
      }
      case SEGMENT_BUDGET -> "the segment was evaluated";
      case AD_PER_HOUR, AD_PER_DAY, CAMPAIGN_PER_HOUR, CAMPAIGN_PER_DAY -> {
        int[] use = ledger.capUse(userId, ad.id(), c.id(), now);
        int i = r.ordinal() - Rule.AD_PER_HOUR.ordinal();
        int[] limits = capLimits(c);
        String[] what = {
          "this ad in the last hour",
          "this ad in the last 24 hours",
          "this campaign in the last hour",
          "this campaign in the last 24 hours"
        };
        yield "user saw " + what[i] + " " + use[i] + " of " + limits[i] + " times allowed";
      }
    };
  }

  private List<String> reasons(Candidate cand, AdInventory inv, boolean explore) {
    List<String> out = new ArrayList<>();
    Segment s = inv.segmentOf(cand.campaign.id());
    out.add(
        s == null
            ? "campaign " + cand.campaign.id() + " targets everyone"
            : "in the segment of campaign " + cand.campaign.id() + ": " + s.expression());
    CtrModel.Estimate e = cand.estimate;
    out.add(
        String.format(
            Locale.ROOT,
            "pCTR %.2f%% from %d clicks in %d impressions (prior %.2f%% from the campaign's %s ads)",
            100 * e.mean(),
            e.clicks(),
            e.impressions(),
            100 * e.prior(),
            cand.ad.category() == null ? "uncategorised" : cand.ad.category()));
    if (cand.ad.bid().type() == BidType.CPC) {
      out.add(
          String.format(
              Locale.ROOT,
              "bids %s %s per click: %.4f expected per impression",
              cand.ad.bid().amount().toPlainString(),
              cand.campaign.currency(),
              cand.ad.bid().valuePerImpression(cand.draw)));
    } else {
      out.add(
          String.format(
              Locale.ROOT,
              "bids %s %s per thousand impressions",
              cand.ad.bid().amount().toPlainString(),
              cand.campaign.currency()));
    }
    if (explore && cand.ad.bid().type() == BidType.CPC && cand.draw > e.mean() * 1.5) {
      out.add(
          String.format(
              Locale.ROOT, "exploring: drew pCTR %.2f%%, above its mean", 100 * cand.draw));
    }
    if (cand.pace < 1) {
      out.add(
          String.format(
              Locale.ROOT,
              "value scaled to %.0f%%: the campaign is near its pace for today",
              100 * cand.pace));
    }
    return out;
  }

  private UniformRandomProvider rng() {
    long seed;
    synchronized (seeds) {
      seed = seeds.nextLong();
    }
    return RandomSource.SPLIT_MIX_64.create(seed);
  }

  private record Candidate(
      Ad ad,
      Campaign campaign,
      CtrModel.Estimate estimate,
      double draw,
      double pace,
      double score) {}

  /** The rules in the order they are checked, cheapest first. */
  enum Rule {
    AD_PAUSED("ad_paused", "the ad is paused"),
    NO_CAMPAIGN("no_campaign", "the ad's campaign does not exist"),
    CAMPAIGN_INACTIVE("campaign_inactive", "the campaign is not active (draft, paused or ended)"),
    NOT_STARTED("not_started", "the campaign has not started yet"),
    ENDED("ended", "the campaign has ended"),
    BUDGET("budget", CapCheck.BUDGET.sentence()),
    SEGMENT("segment", "the user is not in the campaign's segment"),
    SEGMENT_BUDGET(
        "segment_budget",
        "the decision's segment budget was spent on better-ranked ads before this "
            + "ad's segment could be evaluated (ads.decision-segment-budget)"),
    AD_PER_HOUR("cap_ad_hour", CapCheck.AD_PER_HOUR.sentence()),
    AD_PER_DAY("cap_ad_day", CapCheck.AD_PER_DAY.sentence()),
    CAMPAIGN_PER_HOUR("cap_campaign_hour", CapCheck.CAMPAIGN_PER_HOUR.sentence()),
    CAMPAIGN_PER_DAY("cap_campaign_day", CapCheck.CAMPAIGN_PER_DAY.sentence());

    /** The rules {@link #check} reports on: every rule but the per-decision budget. */
    static final Rule[] ORDER =
        Arrays.stream(values()).filter(r -> r != SEGMENT_BUDGET).toArray(Rule[]::new);

    final String code;
    final String sentence;

    Rule(String code, String sentence) {
      this.code = code;
      this.sentence = sentence;
    }

    static Rule of(CapCheck c) {
      return switch (c) {
        case OK -> null;
        case AD_PER_HOUR -> AD_PER_HOUR;
        case AD_PER_DAY -> AD_PER_DAY;
        case CAMPAIGN_PER_HOUR -> CAMPAIGN_PER_HOUR;
        case CAMPAIGN_PER_DAY -> CAMPAIGN_PER_DAY;
        case BUDGET -> BUDGET;
      };
    }

    static Rule byCode(String code) {
      for (Rule r : values()) {
        if (r.code.equals(code)) {
          return r;
        }
      }
      throw new IllegalArgumentException(code);
    }
  }
}
