package io.mercato.core.state;

/**
 * The kinds of keyed state the cluster runtime keeps, one aggregate per (kind, id). The one-letter
 * code names the kind in state keys and in Redis keys; it never changes once released.
 */
public enum StateKind {
  /** One partition of the global aggregates ({@link GlobalAggregates}); id is the partition number. */
  GLOBAL('g'),
  /** A user's {@link io.mercato.core.profile.UserProfile}; id is the user id. */
  USER('u'),
  /** An item's {@link io.mercato.core.agg.KeyState}; id is the item id. */
  ITEM('i'),
  /** A category's {@link io.mercato.core.agg.KeyState} with trending items; id is the category. */
  CATEGORY('c'),
  /** A campaign's {@link io.mercato.core.agg.KeyState} with purchase values; id is the campaign id. */
  CAMPAIGN('m'),
  /** An ad's {@link io.mercato.core.stats.WindowedCounts}; id is the ad id. */
  AD('a'),
  /** A composite scope key's {@link io.mercato.core.stats.WindowedCounts}; id is {@code name|key}. */
  COMPOSITE('x'),
  /**
   * Recommendation state, stream-wide part: popularity reference time, newest event time,
   * interactions and the global popularity list; id is {@code 0}. Written by the single reco writer;
   * never expires. Form: {@link io.mercato.core.reco.RecoServingForms}.
   */
  RECO_META('q'),
  /** A category's popularity list (best first); id is the category. */
  RECO_TOP('p'),
  /** A user's recommendation history (items, weights, strongest types, norm, ordinal); id is the user id. */
  RECO_USER('h'),
  /** An item's recommendation numbers (ordinal, event category, user count, popularity); id is the item id. */
  RECO_ITEM('r'),
  /** An item's item-CF neighbours with co-occurrence counts and its most recent users; id is the item id. */
  RECO_LINKS('n'),
  /**
   * A campaign's {@link io.mercato.core.ads.decide.CampaignStats} (KPIs, spend, ad CTR counts); id is
   * the campaign id. Folding an event in needs the campaign definitions, so these are not routed by
   * {@link KeyedAggregates#keysOf} but by the job's ad operator; like the global partitions they
   * never expire.
   */
  CAMPAIGN_ADS('d');

  private final char code;

  StateKind(char code) {
    this.code = code;
  }

  /** The stable one-letter code. */
  public char code() {
    return code;
  }

  /** Whether this kind holds a keyed aggregate of {@link KeyedAggregates} (not recommendation state). */
  public boolean isAggregate() {
    return code != 'q' && code != 'p' && code != 'h' && code != 'r' && code != 'n';
  }

  /** Whether keys of this kind expire when idle (all but the global partitions and the reco meta key). */
  public boolean expires() {
    return this != GLOBAL && this != RECO_META && this != CAMPAIGN_ADS;
  }

  /** The kind of {@code code}. */
  public static StateKind ofCode(char code) {
    for (StateKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown state kind code '" + code + "'");
  }
}
