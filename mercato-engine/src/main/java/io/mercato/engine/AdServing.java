package io.mercato.engine;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.ChosenAd;
import io.mercato.core.ads.decide.CtrModel;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.ads.decide.DecisionService;
import io.mercato.core.ads.decide.Eligibility;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.StatsKpiSource;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's ad side: the {@link AdLedger} fed by accepted events, the {@link DecisionService}
 * choosing ads, and the impression events a decision writes to the journal. A decision reserves
 * its impressions in the ledger and journals them before it answers (durable with the next group
 * commit, without waiting for it, so an fsync never sits in a decision's latency); an impression the
 * journal refuses is cancelled, so the ledger never counts an impression that is not journaled.
 * Decisions hold the read side of a lock whose write side a snapshot takes, so a snapshot never
 * catches a reservation whose event is not yet in the journal (it would be counted twice on replay).
 */
public final class AdServing {
  private static final AdInventory EMPTY = new EmptyInventory();

  private final AdLedger ledger;
  private final DecisionService decisions;
  private final InstantSource clock;
  private final Function<String, SegmentInput> segmentInputs;
  private final ImpressionSink impressions;
  private final ParticipantCounter participants;
  private final ReentrantReadWriteLock decisionLock = new ReentrantReadWriteLock();
  private volatile AdInventory inventory = EMPTY;

  /** Distinct users of a campaign in a window, from the statistics engine. */
  interface ParticipantCounter {
    long participants(String campaignId, Window window);
  }

  AdServing(
      AdLedger ledger,
      AdsConfig config,
      InstantSource clock,
      Function<String, SegmentInput> segmentInputs,
      ImpressionSink impressions,
      ParticipantCounter participants) {
    this.ledger = ledger;
    this.clock = clock;
    this.segmentInputs = segmentInputs;
    this.impressions = impressions;
    this.participants = participants;
    this.decisions =
        new DecisionService(
            () -> inventory,
            ledger,
            new CtrModel(config.ctrPrior(), config.priorStrength()),
            clock,
            config.explorationSeed(),
            config.decisionSegmentBudget());
  }

  /** A fresh ledger with the configured pacing. */
  static AdLedger newLedger(AdsConfig config) {
    return new AdLedger(new Pacing(config.pacingHeadStart()));
  }

  /** Where campaigns and ads come from from now on (the campaign store's live view). */
  public void useInventory(AdInventory inv) {
    this.inventory = Objects.requireNonNull(inv, "inventory");
  }

  /** The campaigns and ads decisions choose from now. */
  public AdInventory inventory() {
    return inventory;
  }

  public AdLedger ledger() {
    return ledger;
  }

  /** Counts an accepted event (called in journal order, under the engine's ingest lock, and on replay). */
  void onAccepted(Event e) {
    if (e.adId() != null || e.campaignId() != null) {
      ledger.apply(e, inventory);
    }
  }

  /**
   * Chooses up to {@code n} ads for the user in {@code placement} and records their impressions.
   *
   * @param explore false ranks by the mean pCTR (no Thompson draw)
   */
  public Decision decide(String userId, String placement, int n, boolean explore) {
    AdInventory inv = inventory;
    // a profile read crosses threads: do it before taking the lock, and only if a segment needs it
    SegmentInput input = needsSegment(inv, placement) ? segmentInputs.apply(userId) : null;
    decisionLock.readLock().lock();
    try {
      Decision d =
          decisions.decide(
              userId, placement, n, explore, u -> input != null ? input : segmentInputs.apply(u));
      if (d.ads().isEmpty()) {
        return d;
      }
      List<Event> impressions = new ArrayList<>(d.ads().size());
      long now = clock.millis();
      for (ChosenAd c : d.ads()) {
        impressions.add(
            new Event(
                c.eventId(),
                false,
                EventTypes.IMPRESSION,
                userId,
                null,
                c.ad().id(),
                c.ad().campaignId(),
                c.ad().category(),
                null,
                now,
                Map.of("placement", placement, "decision_id", d.decisionId())));
      }
      try {
        this.impressions.record(impressions);
      } catch (RuntimeException e) {
        d.ads().forEach(c -> ledger.cancel(c.eventId()));
        throw e;
      }
      // an impression the journal did not take (sampled out) stays counted: the ad is shown
      d.ads().forEach(c -> ledger.settle(c.eventId()));
      return d;
    } finally {
      decisionLock.readLock().unlock();
    }
  }

  /** Whether the ad may be shown to the user now, with every rule's verdict; reserves nothing. */
  public Eligibility check(String userId, String adId) {
    return decisions.check(userId, adId, segmentInputs);
  }

  /** What a segment sees of the user now (read-your-writes, like the profile). */
  public SegmentInput segmentInput(String userId) {
    return segmentInputs.apply(userId);
  }

  /** The campaigns whose segment the user is in now (campaigns without a segment target everyone). */
  public List<Campaign> segmentsOf(String userId) {
    AdInventory inv = inventory;
    SegmentInput input = null;
    List<Campaign> out = new ArrayList<>();
    for (Campaign c : inv.campaigns()) {
      Segment s = inv.segmentOf(c.id());
      if (s == null) {
        continue;
      }
      if (input == null) {
        input = segmentInputs.apply(userId);
      }
      if (s.matches(input)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The KPIs automation rules read: the same ledger as {@link #kpis}, built without the per-minute
   * series, participants in the window unknown (-1), as of {@code watermark} (the newest event time).
   */
  public KpiSource ruleKpis(Windows windows, Supplier<Instant> watermark) {
    return new StatsKpiSource(ledger::stats, windows, clock, watermark);
  }

  /** The KPIs of a campaign over {@code window} ending now. */
  public CampaignKpis kpis(Campaign c, Window window) {
    long people = participants.participants(c.id(), window);
    return CampaignKpis.of(
        c,
        ledger,
        clock.instant(),
        window.name(),
        Duration.ofMillis(window.lengthMillis()),
        people);
  }

  /** Waits for decisions between reserving and journaling to finish and holds new ones (for snapshots). */
  void pauseDecisions() {
    decisionLock.writeLock().lock();
  }

  /** Lets decisions run again after {@link #pauseDecisions}. */
  void resumeDecisions() {
    decisionLock.writeLock().unlock();
  }

  private static boolean needsSegment(AdInventory inv, String placement) {
    String last = null;
    for (Ad a : inv.adsIn(placement)) {
      if (a.campaignId().equals(last)) {
        continue; // ads come in id order, so a campaign's ads are mostly together: one lookup each
      }
      last = a.campaignId();
      if (inv.segmentOf(last) != null) {
        return true;
      }
    }
    return false;
  }

  private static final class EmptyInventory implements AdInventory {
    @Override
    public Collection<Campaign> campaigns() {
      return List.of();
    }

    @Override
    public Campaign campaign(String id) {
      return null;
    }

    @Override
    public Ad ad(String id) {
      return null;
    }

    @Override
    public List<Ad> adsOf(String campaignId) {
      return List.of();
    }

    @Override
    public List<Ad> adsIn(String placement) {
      return List.of();
    }

    @Override
    public Segment segmentOf(String campaignId) {
      return null;
    }
  }
}
