package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import java.util.List;

/**
 * One ad a decision chose and recorded an impression of.
 *
 * @param ad      the ad as it was when chosen
 * @param score   the ranking value: expected value per impression (sampled pCTR × CPC bid, or
 *                CPM bid / 1000) times the campaign's pacing multiplier
 * @param pCtr    the posterior mean CTR of the ad
 * @param eventId the id of the impression event recorded for it; a client that reports the
 *                impression itself must use this id, so it is deduplicated
 * @param reasons why it was chosen, in words
 */
public record ChosenAd(Ad ad, double score, double pCtr, String eventId, List<String> reasons) {
  public ChosenAd {
    reasons = List.copyOf(reasons);
  }
}
