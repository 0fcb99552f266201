package io.mercato.bench.harness.fuzz;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the documented behaviour allows as the answer to one fuzz request, and what it adds to the
 * state. Every answer must also pass the general rules of {@link ResponseOracle} (no 5xx, well
 * formed, problems that name a field or a part of the request).
 *
 * @param statuses    the final statuses allowed; empty means any status below 500
 * @param fresh       valid events never sent before: they count once each when the answer is 202
 *                    (and not at all otherwise)
 * @param duplicates  events in the body that were sent before (or earlier in the same body): the
 *                    {@code duplicates} a 202 must report
 * @param ingestCount true when a 202 must report exactly {@code fresh.size()} accepted and
 *                    {@code duplicates} duplicates ({@code POST /v1/events} bodies whose lines the
 *                    fuzzer knows); false when the route or framing is not one whose body it models
 * @param version505  true when the request's HTTP version is neither 1.0 nor 1.1: 505 (HTTP Version
 *                    Not Supported) is then the one 5xx the protocol prescribes for a client's fault
 * @param refusedPieces the body's pieces the contract refuses, by their 0-based index in the batch, with
 *                    the mutation that made them so: what a report names when one was accepted
 */
public record Expectation(
    Set<Integer> statuses,
    List<SentEvent> fresh,
    int duplicates,
    boolean ingestCount,
    boolean version505,
    Map<Integer, String> refusedPieces) {

  public Expectation {
    statuses = Set.copyOf(statuses);
    fresh = List.copyOf(Objects.requireNonNull(fresh, "fresh"));
    refusedPieces = Map.copyOf(refusedPieces);
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must not be negative");
    }
  }

  /** Any answer below 500, nothing added. */
  public static Expectation any() {
    return new Expectation(Set.of(), List.of(), 0, false, false, Map.of());
  }

  /** One of {@code statuses}, nothing added. */
  public static Expectation oneOf(Integer... statuses) {
    return new Expectation(Set.of(statuses), List.of(), 0, false, false, Map.of());
  }

  /** A 4xx (nothing recorded): what a refused request must answer, e.g. after an odd method. */
  public static Expectation refused() {
    return new Expectation(
        Set.of(400, 404, 405, 408, 411, 413, 414, 415, 426, 431),
        List.of(),
        0,
        false,
        false,
        Map.of());
  }

  /** A body of known events: 202 with exactly these accepted and duplicates. */
  public static Expectation ingested(List<SentEvent> fresh, int duplicates) {
    return new Expectation(Set.of(202), fresh, duplicates, true, false, Map.of());
  }

  /** The same, naming the refused pieces by index (see {@link #refusedPieces}). */
  public Expectation withRefused(Map<Integer, String> pieces) {
    return new Expectation(statuses, fresh, duplicates, ingestCount, version505, pieces);
  }

  /**
   * A body of known events that may also be refused whole with one of {@code refusals}: when it is
   * answered 202, exactly these count.
   */
  public static Expectation ingestedOrRefused(
      List<SentEvent> fresh, int duplicates, Integer... refusals) {
    Set<Integer> s = new HashSet<>(Set.of(refusals));
    s.add(202);
    return new Expectation(s, fresh, duplicates, true, false, Map.of());
  }

  /** A body that may reach the ingest route or not (an odd path): if it does, nothing new is accepted. */
  public static Expectation neutral(int duplicates) {
    return new Expectation(Set.of(), List.of(), duplicates, false, false, Map.of());
  }

  /** The same, with 505 allowed (an HTTP version other than 1.0 and 1.1). */
  public Expectation withVersion505() {
    return new Expectation(statuses, fresh, duplicates, ingestCount, true, refusedPieces);
  }

  /** True when {@code status} is allowed (before the general rules). */
  public boolean allows(int status) {
    if (statuses.isEmpty()) {
      return status < 500 || (version505 && status == 505);
    }
    return statuses.contains(status) || (version505 && status == 505);
  }
}
