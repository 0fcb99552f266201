package io.mercato.core.ads.decide;

import java.util.List;

/**
 * Whether one ad may be shown to one user now, and every rule's verdict in words.
 *
 * @param eligible true when every rule passed
 * @param reasons  one sentence per rule checked, failures first
 */
public record Eligibility(boolean eligible, List<String> reasons) {
  public Eligibility {
    reasons = List.copyOf(reasons);
  }
}
