package io.mercato.core.ads;

import java.util.Objects;

/**
 * What the user sees of an ad.
 *
 * @param title      the headline; never blank
 * @param imageUrl   an absolute http(s) URL of the image, or null
 * @param landingUrl the absolute http(s) URL a click leads to; never null
 */
public record Creative(String title, String imageUrl, String landingUrl) {
  public Creative {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(landingUrl, "landingUrl");
  }
}
