package io.mercato.core.ads;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ad of a campaign. Field-level validation with messages for clients lives in {@code AdRules}.
 *
 * @param id            the ad id; never blank
 * @param campaignId    the campaign it belongs to (which must exist when the ad is saved)
 * @param creative      what is shown
 * @param category      the product category it advertises, or null; the prior of its CTR comes
 *                      from its campaign and this category
 * @param placements    where it may be shown (e.g. {@code home_banner}); never empty, unmodifiable, sorted
 * @param bid           what it pays
 * @param status        whether it may serve
 * @param updatedMillis when the definition was last written, epoch ms
 */
public record Ad(
    String id,
    String campaignId,
    Creative creative,
    String category,
    Set<String> placements,
    Bid bid,
    AdStatus status,
    long updatedMillis) {

  public Ad {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(creative, "creative");
    Objects.requireNonNull(bid, "bid");
    Objects.requireNonNull(status, "status");
    placements = Collections.unmodifiableSortedSet(new TreeSet<>(placements));
    if (placements.isEmpty()) {
      throw new IllegalArgumentException("an ad needs at least one placement");
    }
  }

  /** True when the ad itself is active and may be shown in {@code placement}. */
  public boolean servesIn(String placement) {
    return status == AdStatus.ACTIVE && placements.contains(placement);
  }
}
