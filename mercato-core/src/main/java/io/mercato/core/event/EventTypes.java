package io.mercato.core.event;

import java.util.List;

/**
 * The event types Mercato understands (ARCHITECTURE.md §5). Any other type that passes validation is
 * accepted as a custom type and counted like the others.
 */
public final class EventTypes {
  public static final String VIEW = "view";
  public static final String CLICK = "click";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String PURCHASE = "purchase";
  public static final String IMPRESSION = "impression";
  public static final String AD_CLICK = "ad_click";
  public static final String CONVERSION = "conversion";
  public static final String CAMPAIGN_JOIN = "campaign_join";

  /** The known types, in funnel order. */
  public static final List<String> KNOWN =
      List.of(VIEW, CLICK, ADD_TO_CART, PURCHASE, IMPRESSION, AD_CLICK, CONVERSION, CAMPAIGN_JOIN);

  private EventTypes() {}

  /**
   * The {@link #KNOWN} constant equal to {@code type}, or {@code type} itself: events then share one
   * string per known type, and aggregates find it by identity.
   */
  public static String canonical(String type) {
    for (String k : KNOWN) {
      if (k.equals(type)) {
        return k;
      }
    }
    return type;
  }

  /** True for one of {@link #KNOWN}. */
  public static boolean isKnown(String type) {
    return KNOWN.contains(type);
  }
}
