package io.mercato.core.rules;

/**
 * The outcome of one webhook notification after its retries.
 *
 * @param delivered true when an attempt got a 2xx answer
 * @param attempts  attempts made, ≥ 1
 * @param status    the last HTTP status, or -1 when no answer came (connection failed, timed out)
 * @param error     why the last attempt failed; empty when delivered
 */
public record Delivery(boolean delivered, int attempts, int status, String error) {
  public Delivery {
    error = error == null ? "" : error;
  }

  /** In words, for the audit log. */
  public String describe(String url) {
    String tries = attempts + (attempts == 1 ? " attempt" : " attempts");
    return delivered
        ? "delivered to " + url + " (HTTP " + status + ") after " + tries
        : "failed to reach " + url + " after " + tries + ": " + error;
  }
}
