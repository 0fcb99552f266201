package io.mercato.core.stats;

import io.mercato.core.event.EventTypes;
import java.util.List;
import java.util.Objects;

/**
 * A rate as the ratio of two event counts in the same window: {@code successType / trialType}.
 *
 * @param name        the public name, e.g. {@code ctr}
 * @param successType the event type counted as a success, e.g. {@code click}
 * @param trialType   the event type counted as a trial, e.g. {@code view}
 */
public record RateDefinition(String name, String successType, String trialType) {
  /** Ad click-through rate: {@code ad_click / impression}. */
  public static final RateDefinition AD_CTR =
      new RateDefinition("ad_ctr", EventTypes.AD_CLICK, EventTypes.IMPRESSION);

  /** Item click-through rate: {@code click / view}. */
  public static final RateDefinition CTR =
      new RateDefinition("ctr", EventTypes.CLICK, EventTypes.VIEW);

  /** Conversion rate: {@code purchase / click}. */
  public static final RateDefinition CVR =
      new RateDefinition("cvr", EventTypes.PURCHASE, EventTypes.CLICK);

  /** The default rates, in this order. */
  public static final List<RateDefinition> DEFAULTS = List.of(AD_CTR, CTR, CVR);

  public RateDefinition {
    Objects.requireNonNull(name, "rate name");
    Objects.requireNonNull(successType, "success type");
    Objects.requireNonNull(trialType, "trial type");
    if (name.isBlank() || successType.isBlank() || trialType.isBlank()) {
      throw new IllegalArgumentException(
          "rate name and event types must not be blank but were \""
              + name
              + "\", \""
              + successType
              + "\", \""
              + trialType
              + "\"");
    }
  }
}
