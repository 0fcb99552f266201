package io.mercato.server.backend;

import io.mercato.core.ads.SegmentInput;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.runtime.Scope;
import io.mercato.core.time.Windows;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statistics and profile reads behind {@code /v1/stats}, {@code /v1/items/{id}/stats},
 * {@code /v1/categories/{id}/stats}, {@code /v1/trending}, {@code /v1/users/{id}/profile} and
 * {@code /v1/users/{id}/segments}. Both runtimes hold the same {@code mercato-core} aggregates, so
 * the endpoints turn these into identical JSON.
 *
 * <p>Stream time ("now"): the newest event time the runtime has applied (the clock before any
 * event). Failures of a remote store surface as {@link BackendUnavailableException}.
 */
public interface StateReads {
  /** The statistics windows (names, lengths, lateness). */
  Windows windows();

  /** Every scope name the stats API accepts: the single-field scopes, then the composites. */
  List<String> scopeNames();

  /** Pseudo-trials of the Beta prior that smooths rates ({@code stats.rate-prior-strength}). */
  double ratePriorStrength();

  /**
   * Statistics of one scope key.
   *
   * @param single       the single-field scope, or null for the composite scope {@code composite}
   * @param composite    the composite's name when {@code single} is null, else ignored
   * @param key          the key; ignored for {@link Scope#GLOBAL}
   * @param withTrending also read the key's trending items (category scope), at the read's stream time
   * @return empty when nothing of the key is retained (never for the global scope)
   * @throws io.mercato.core.error.ValidationException on {@code scope} for an unknown composite
   */
  Optional<ScopeRead> scope(Scope single, String composite, String key, boolean withTrending);

  /**
   * Trending items, global ({@code categoryOrNull} null) or of one category, at the stream time.
   */
  Trending trending(String categoryOrNull);

  /** The profile of {@code userId} evaluated at the stream time; empty for an unknown user. */
  Optional<ProfileView> profile(String userId);

  /**
   * What a segment condition sees of {@code userId} now; an empty profile for an unknown user.
   */
  SegmentInput segmentInput(String userId);

  /**
   * Trending items and the time they are evaluated at.
   *
   * @param items     the items per window, at {@code nowMillis}; {@link TrendingItems#NONE} when nothing
   *                  is trending (no such category yet)
   * @param nowMillis the stream time
   */
  record Trending(TrendingItems items, long nowMillis) {
    public Trending {
      Objects.requireNonNull(items, "items");
    }
  }
}
