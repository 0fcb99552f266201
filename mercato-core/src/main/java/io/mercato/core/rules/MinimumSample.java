package io.mercato.core.rules;

/**
 * The least a rule's window must hold before the rule may act, so it never acts on noise: at least
 * this many impressions, clicks and conversions in the window (each 0 for no requirement).
 */
public record MinimumSample(long impressions, long clicks, long conversions) {
  /** No requirement. */
  public static final MinimumSample NONE = new MinimumSample(0, 0, 0);

  public MinimumSample {
    if (impressions < 0 || clicks < 0 || conversions < 0) {
      throw new IllegalArgumentException("a minimum sample must not be negative");
    }
  }

  /** True when the window's counts reach every threshold. */
  public boolean metBy(long windowImpressions, long windowClicks, long windowConversions) {
    return windowImpressions >= impressions
        && windowClicks >= clicks
        && windowConversions >= conversions;
  }

  /** True when nothing is required. */
  public boolean isNone() {
    return impressions == 0 && clicks == 0 && conversions == 0;
  }
}
