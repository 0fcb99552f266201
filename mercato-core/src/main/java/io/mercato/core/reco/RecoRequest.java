package io.mercato.core.reco;

/**
 * A top-n request.
 *
 * @param n           how many items, 1–1,000
 * @param category    only items of this category (catalog category, else the one seen in events), or null
 * @param excludeSeen leave out items in the user's history
 * @param explain     attach reasons
 */
public record RecoRequest(int n, String category, boolean excludeSeen, boolean explain) {
  public static final int MAX_N = 1000;

  public RecoRequest {
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("n must be in [1, " + MAX_N + "] but was " + n);
    }
  }
}
