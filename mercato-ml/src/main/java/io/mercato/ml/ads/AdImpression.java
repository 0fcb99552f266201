package io.mercato.ml.ads;

import java.util.Objects;

/**
 * One shown ad and whether it was clicked: a line of an impression log.
 *
 * @param userId    who saw it
 * @param adId      the ad
 * @param placement where
 * @param atMillis  when, epoch ms
 * @param clicked   whether an {@code ad_click} followed
 */
public record AdImpression(
    String userId, String adId, String placement, long atMillis, boolean clicked) {
  public AdImpression {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(adId, "adId");
    Objects.requireNonNull(placement, "placement");
  }
}
