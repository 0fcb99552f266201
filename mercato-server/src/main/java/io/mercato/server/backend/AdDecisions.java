package io.mercato.server.backend;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.ads.decide.Eligibility;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;

/**
 * Ad decisions and campaign KPIs ({@code /v1/decisions}, {@code /v1/decisions/check},
 * {@code /v1/campaigns/{id}/kpis} and its stream): the embedded engine's
 * {@link io.mercato.engine.AdServing}, or the cluster API node's Redis- and Kafka-backed
 * implementation. Both run the same {@link io.mercato.core.ads.decide.DecisionService} and build KPIs
 * from the same {@link io.mercato.core.ads.decide.CampaignStats}. Thread-safe.
 */
public interface AdDecisions {
  /** The campaigns and ads decisions choose from now. */
  AdInventory inventory();

  /** The statistics windows (the KPI windows a request may name). */
  Windows windows();

  /**
   * Chooses up to {@code n} ads for the user in {@code placement} and records their impressions.
   *
   * @throws BackendUnavailableException when the impressions cannot be recorded (nothing is reserved then)
   */
  Decision decide(String userId, String placement, int n, boolean explore);

  /** Whether the ad may be shown to the user now, with every rule's verdict; reserves nothing. */
  Eligibility check(String userId, String adId);

  /** The KPIs of a campaign over {@code window} ending now. */
  CampaignKpis kpis(Campaign c, Window window);

  /**
   * The KPIs automation rules read, from the same statistics as {@link #kpis} but without the
   * per-minute series (rules never read it, and a cycle reads every campaign).
   */
  KpiSource ruleKpis();
}
