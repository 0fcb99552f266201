package io.mercato.core.ads;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What an ad pays, in its campaign's currency.
 *
 * @param type   per thousand impressions or per click
 * @param amount a positive amount: per thousand impressions for CPM, per click for CPC
 */
public record Bid(BidType type, BigDecimal amount) {
  public Bid {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("bid amount must be positive but was " + amount);
    }
  }

  /** The expected value of one impression given a click probability: the ranking currency. */
  public double valuePerImpression(double pCtr) {
    return type == BidType.CPM ? amount.doubleValue() / 1000.0 : pCtr * amount.doubleValue();
  }

  /** What one impression costs the campaign (CPM: amount / 1000; CPC: nothing). */
  public BigDecimal costPerImpression() {
    return type == BidType.CPM ? amount.movePointLeft(3) : BigDecimal.ZERO;
  }

  /** What one click costs the campaign (CPC: amount; CPM: nothing). */
  public BigDecimal costPerClick() {
    return type == BidType.CPC ? amount : BigDecimal.ZERO;
  }
}
