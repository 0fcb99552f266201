package io.mercato.server;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.time.Window;
import io.mercato.server.backend.AdDecisions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One KPI read and one JSON rendering per campaign and window per {@code maxAgeNanos}, shared by every
 * open KPI stream of that campaign: fifty dashboards watching one campaign cost about what one does,
 * not fifty times the engine's KPI read. A reading is reused only while it is younger than
 * {@code maxAgeNanos} and was made from the same {@link Campaign} object the inventory holds now (an
 * edit of the campaign replaces the object, so it is seen at the next tick). Thread-safe; two streams
 * that miss at once may both read, which is harmless.
 */
final class SharedKpiReads {
  /** A KPI reading with its JSON, as streams send it. */
  record Reading(Campaign campaign, CampaignKpis kpis, String json, long atNanos) {}

  private record Key(String campaignId, String window) {}

  private final AdDecisions ads;
  private final long maxAgeNanos;
  private final Map<Key, Reading> latest = new ConcurrentHashMap<>();

  SharedKpiReads(AdDecisions ads, long maxAgeNanos) {
    this.ads = ads;
    this.maxAgeNanos = maxAgeNanos;
  }

  /** The KPIs of {@code c} over {@code w}: a fresh read, or one at most {@code maxAgeNanos} old of the same campaign object. */
  Reading read(Campaign c, Window w) {
    Key key = new Key(c.id(), w.name());
    long now = System.nanoTime();
    Reading r = latest.get(key);
    if (r != null && r.campaign() == c && now - r.atNanos() < maxAgeNanos) {
      return r;
    }
    CampaignKpis k = ads.kpis(c, w);
    Reading fresh =
        new Reading(c, k, new String(Json.bytes(KpiViews.of(c, k)), StandardCharsets.UTF_8), now);
    latest.put(key, fresh);
    return fresh;
  }

  /** Forgets the readings of a campaign that no stream watches any more (called when a stream ends). */
  void forget(String campaignId) {
    latest.keySet().removeIf(k -> k.campaignId().equals(campaignId));
  }
}
