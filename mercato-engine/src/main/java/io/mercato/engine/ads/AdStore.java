package io.mercato.engine.ads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdRules;
import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignHasAdsException;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.ads.CampaignRules;
import io.mercato.core.ads.CampaignStoreException;
import io.mercato.core.ads.InventorySnapshot;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.SegmentVariables;
import io.mercato.core.ads.UnknownCampaignException;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaign and ad definitions: durable in a {@link CampaignRepository} (the database), served from
 * an immutable in-memory {@link AdInventory} that is rebuilt and swapped atomically on every change.
 *
 * <p>Writes are write-through and serialised: the referential rules are checked against the current
 * inventory, the change is committed to the database, and only then is the new inventory published.
 * A write that fails changes nothing (the database rolled back, the inventory was not swapped); a
 * write that returned is visible to every read that starts after it. Reads never block and never touch
 * the database.
 *
 * <p>Rules beyond the definitions' own ({@link CampaignRules}, {@link AdRules}):
 * <ul>
 *   <li>an ad's campaign must exist ({@link UnknownCampaignException}, on {@code campaign_id});
 *   <li>an ad stays with its campaign: a write that changes an existing ad's {@code campaign_id} is
 *       refused on {@code campaign_id} (its impressions, clicks and spend belong to the first one);
 *       delete the ad and create another;
 *   <li>a campaign that still has ads cannot be deleted ({@link CampaignHasAdsException}); there is no
 *       cascade, so no definition disappears as a side effect.
 * </ul>
 *
 * <p>Segments are compiled once per distinct condition: when a campaign is written, or for every
 * campaign when the store opens, and reused across versions while the condition is unchanged. A
 * stored condition that no longer compiles (written by an older version with another schema) is
 * logged and matches nobody, rather than everybody. Thread-safe.
 */
public final class AdStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdStore.class);

  private final CampaignRepository repository;
  private final SegmentCompiler compiler;
  private final CampaignRules campaignRules;
  private final AdRules adRules;
  private final InstantSource clock;
  private final ReentrantLock writes = new ReentrantLock();
  private final Counter writeCounter;
  private final List<Consumer<AdInventory>> listeners = new CopyOnWriteArrayList<>();
  private volatile InventorySnapshot current = InventorySnapshot.EMPTY;

  private AdStore(
      CampaignRepository repository,
      SegmentCompiler compiler,
      EventLimits limits,
      InstantSource clock,
      MeterRegistry meters) {
    this.repository = repository;
    this.compiler = compiler;
    this.campaignRules = new CampaignRules(limits, compiler);
    this.adRules = new AdRules(limits);
    this.clock = clock;
    this.writeCounter =
        Counter.builder("mercato.ads.writes")
            .description("Campaign and ad definitions written or deleted")
            .register(meters);
    Gauge.builder("mercato.ads.campaigns", this, s -> s.current.campaignCount())
        .description("Campaigns defined")
        .register(meters);
    Gauge.builder("mercato.ads.ads", this, s -> s.current.adCount())
        .description("Ads defined")
        .register(meters);
  }

  /**
   * Loads every definition from {@code repository} and compiles every segment.
   *
   * @throws CampaignStoreException when the repository cannot be read
   */
  public static AdStore open(
      CampaignRepository repository,
      SegmentCompiler compiler,
      EventLimits limits,
      InstantSource clock,
      MeterRegistry meters) {
    AdStore s =
        new AdStore(
            Objects.requireNonNull(repository, "repository"),
            Objects.requireNonNull(compiler, "compiler"),
            Objects.requireNonNull(limits, "limits"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(meters, "meters"));
    List<Campaign> campaigns = repository.campaigns();
    List<Ad> ads = repository.ads();
    s.current =
        new InventorySnapshot(campaigns, ads, c -> s.segmentFor(c, InventorySnapshot.EMPTY));
    LOG.info("ad store loaded: {} campaigns, {} ads", campaigns.size(), ads.size());
    return s;
  }

  /** The current inventory: a consistent, immutable view; hold it for the whole of one decision. */
  public AdInventory inventory() {
    return current;
  }

  /**
   * Calls {@code listener} with the current inventory now, and with each new one right after it is
   * swapped in (on the writing thread, in order, before the write returns), so whoever holds an
   * inventory, such as the decision service, never lags behind a write that returned.
   */
  public void subscribe(Consumer<AdInventory> listener) {
    Objects.requireNonNull(listener, "listener");
    writes.lock();
    try {
      listeners.add(listener);
      listener.accept(current);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Reads every definition from the repository again and publishes them when they differ from the
   * current inventory: for API nodes of the cluster runtime, which share the database with other nodes
   * that write to it. Segments whose condition is unchanged are reused, not recompiled.
   *
   * @return whether the inventory changed
   * @throws CampaignStoreException when the repository cannot be read (the inventory is kept)
   */
  public boolean reload() {
    writes.lock();
    try {
      List<Campaign> campaigns = repository.campaigns();
      List<Ad> ads = repository.ads();
      InventorySnapshot before = current;
      if (new HashSet<>(campaigns).equals(new HashSet<>(before.campaigns()))
          && new HashSet<>(ads).equals(new HashSet<>(before.ads()))) {
        return false;
      }
      current = new InventorySnapshot(campaigns, ads, c -> segmentFor(c, before));
      for (Consumer<AdInventory> l : listeners) {
        l.accept(current);
      }
      return true;
    } finally {
      writes.unlock();
    }
  }

  /** Publishes {@code next}; called with the write lock held. */
  private void publish(InventorySnapshot next) {
    current = next;
    for (Consumer<AdInventory> l : listeners) {
      l.accept(next);
    }
    writeCounter.increment();
  }

  /** Every ad, in id order, of the current inventory. */
  public List<Ad> ads() {
    return current.ads();
  }

  /**
   * Decodes and validates a campaign write addressed to {@code campaignId} (nothing is stored).
   *
   * @throws ValidationException listing every broken rule, or on {@code body}
   * @throws io.mercato.core.error.MalformedInputException when the body is not JSON
   */
  public Campaign readCampaign(byte[] body, String campaignId) {
    ObjectNode tree = AdsJson.parseObject(body);
    return campaignRules.read(tree, campaignId, clock.millis());
  }

  /** Decodes and validates an ad write addressed to {@code adId} (nothing is stored); see {@link #readCampaign}. */
  public Ad readAd(byte[] body, String adId) {
    ObjectNode tree = AdsJson.parseObject(body);
    return adRules.read(tree, adId, clock.millis());
  }

  /**
   * Creates or replaces a campaign; returns once it is committed and visible.
   *
   * @throws ValidationException    on {@code segment} when its condition does not compile
   * @throws CampaignStoreException when the database fails (nothing changed)
   */
  public void putCampaign(Campaign campaign) {
    Objects.requireNonNull(campaign, "campaign");
    writes.lock();
    try {
      InventorySnapshot before = current;
      Segment segment = campaign.segment() == null ? null : compiler.compile(campaign.segment());
      repository.putCampaign(campaign);
      List<Campaign> campaigns = new ArrayList<>(before.campaigns());
      campaigns.removeIf(c -> c.id().equals(campaign.id()));
      campaigns.add(campaign);
      publish(
          new InventorySnapshot(
              campaigns, before.ads(), c -> c == campaign ? segment : segmentFor(c, before)));
    } finally {
      writes.unlock();
    }
  }

  /**
   * Deletes a campaign without ads.
   *
   * @return false when there was none
   * @throws CampaignHasAdsException when ads still belong to it (nothing changed)
   * @throws CampaignStoreException  when the database fails (nothing changed)
   */
  public boolean deleteCampaign(String campaignId) {
    Objects.requireNonNull(campaignId, "campaignId");
    writes.lock();
    try {
      InventorySnapshot before = current;
      List<Ad> ads = before.adsOf(campaignId);
      if (!ads.isEmpty()) {
        throw new CampaignHasAdsException(campaignId, ads.stream().map(Ad::id).toList());
      }
      boolean deleted = repository.deleteCampaign(campaignId);
      if (before.campaign(campaignId) != null || deleted) {
        List<Campaign> campaigns = new ArrayList<>(before.campaigns());
        campaigns.removeIf(c -> c.id().equals(campaignId));
        publish(new InventorySnapshot(campaigns, before.ads(), c -> segmentFor(c, before)));
      }
      return deleted;
    } finally {
      writes.unlock();
    }
  }

  /**
   * Creates or replaces an ad; returns once it is committed and visible.
   *
   * @throws UnknownCampaignException when its campaign does not exist
   * @throws ValidationException      on {@code campaign_id} when it would move an existing ad to
   *                                  another campaign
   * @throws CampaignStoreException   when the database fails (nothing changed)
   */
  public void putAd(Ad ad) {
    Objects.requireNonNull(ad, "ad");
    writes.lock();
    try {
      InventorySnapshot before = current;
      if (before.campaign(ad.campaignId()) == null) {
        throw new UnknownCampaignException(ad.campaignId());
      }
      Ad existing = before.ad(ad.id());
      if (existing != null && !existing.campaignId().equals(ad.campaignId())) {
        throw new ValidationException(
            "campaign_id",
            "must stay \""
                + existing.campaignId()
                + "\": ad \""
                + ad.id()
                + "\" belongs to that campaign, and its impressions, clicks and spend with it; delete the ad and "
                + "create a new one for campaign \""
                + ad.campaignId()
                + "\"");
      }
      repository.putAd(ad);
      List<Ad> ads = new ArrayList<>(before.ads());
      ads.removeIf(a -> a.id().equals(ad.id()));
      ads.add(ad);
      publish(new InventorySnapshot(before.campaigns(), ads, c -> segmentFor(c, before)));
    } finally {
      writes.unlock();
    }
  }

  /**
   * Deletes an ad.
   *
   * @return false when there was none
   * @throws CampaignStoreException when the database fails (nothing changed)
   */
  public boolean deleteAd(String adId) {
    Objects.requireNonNull(adId, "adId");
    writes.lock();
    try {
      InventorySnapshot before = current;
      boolean deleted = repository.deleteAd(adId);
      if (before.ad(adId) != null || deleted) {
        List<Ad> ads = new ArrayList<>(before.ads());
        ads.removeIf(a -> a.id().equals(adId));
        publish(new InventorySnapshot(before.campaigns(), ads, c -> segmentFor(c, before)));
      }
      return deleted;
    } finally {
      writes.unlock();
    }
  }

  /**
   * The campaigns whose segment {@code input} is in now, in id order; campaigns without a segment
   * (which target everyone) are not listed.
   */
  public List<Campaign> segmentsOf(SegmentInput input) {
    InventorySnapshot inv = current;
    List<Campaign> out = new ArrayList<>();
    SegmentVariables shared =
        new SegmentVariables(input); // the user's variables, built once for every campaign
    for (Campaign c : inv.campaigns()) {
      Segment s = inv.segmentOf(c.id());
      if (s != null && s.matches(shared)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The segment of {@code c}: the one {@code previous} compiled for the same condition, else compiled now. */
  private Segment segmentFor(Campaign c, InventorySnapshot previous) {
    Campaign old = previous.campaign(c.id());
    Segment kept = old == null ? null : previous.segmentOf(c.id());
    if (kept != null && kept.expression().equals(c.segment())) {
      return kept;
    }
    try {
      return compiler.compile(c.segment());
    } catch (ValidationException e) {
      LOG.error(
          "the stored segment of campaign \"{}\" does not compile, so it matches nobody until the campaign "
              + "is written again: {}",
          c.id(),
          e.getMessage());
      return new NoOneSegment(c.segment());
    }
  }

  /** Closes the repository. */
  @Override
  public void close() {
    repository.close();
  }

  /** The segment of a stored condition that does not compile: nobody is in it. */
  private record NoOneSegment(String expression) implements Segment {
    @Override
    public boolean matches(SegmentInput input) {
      return false;
    }
  }
}
