package io.mercato.bench.harness.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run found: requests by class and status, the state checks, every violation (the first
 * {@value #KEPT} in full), and the verdict. Thread-safe while the run fills it.
 */
public final class FuzzReport {
  /** Violations kept in full; beyond, only counted. */
  public static final int KEPT = 200;

  private final long seed;
  private final Map<String, Map<String, Integer>> byKind = new TreeMap<>();
  private final Map<String, Integer> byRoute = new TreeMap<>();
  private final List<Violation> violations = new ArrayList<>();
  private final List<String> checks = new ArrayList<>();
  private final Map<String, Integer> violationsByKind = new TreeMap<>();
  private int violationCount;
  private long requests;
  private long seconds;
  private String routesCovered = "";

  public FuzzReport(long seed) {
    this.seed = seed;
  }

  synchronized void count(FuzzCase c, RawResponse r) {
    requests++;
    String status = r.ok() ? Integer.toString(r.status()) : "failed";
    byKind.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
    byRoute.merge(c.route(), 1, Integer::sum);
  }

  synchronized void violation(Violation v) {
    violationCount++;
    violationsByKind.merge(v.kind(), 1, Integer::sum);
    if (violations.size() < KEPT || (v.index() < 0 && violations.size() < 2 * KEPT)) {
      violations.add(v); // state checks are kept beyond the limit: they are few and say the most
    }
  }

  synchronized void check(String line) {
    checks.add(line);
  }

  synchronized void finish(long seconds, String routesCovered) {
    this.seconds = seconds;
    this.routesCovered = routesCovered;
  }

  public long seed() {
    return seed;
  }

  public synchronized long requests() {
    return requests;
  }

  public synchronized int violationCount() {
    return violationCount;
  }

  public synchronized List<Violation> violations() {
    return Collections.unmodifiableList(new ArrayList<>(violations));
  }

  /** Requests by class, then by status ({@code failed}: no whole response). */
  public synchronized Map<String, Map<String, Integer>> byKind() {
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    byKind.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    return copy;
  }

  /** Requests by the route they aimed at ({@code (none)} for unknown paths). */
  public synchronized Map<String, Integer> byRoute() {
    return new TreeMap<>(byRoute);
  }

  public synchronized List<String> checks() {
    return List.copyOf(checks);
  }

  public synchronized boolean passed() {
    return violationCount == 0;
  }

  /** The summary: classes and statuses, state checks, violations, verdict. */
  public synchronized void print(PrintStream out, int requested) {
    out.printf("fuzz: seed %d, %,d requests in %d s; %s%n", seed, requests, seconds, routesCovered);
    out.println("requests by class and status:");
    byKind.forEach(
        (kind, statuses) -> {
          int n = statuses.values().stream().mapToInt(Integer::intValue).sum();
          StringBuilder sb = new StringBuilder();
          statuses.forEach((s, c) -> sb.append(' ').append(s).append('×').append(c));
          out.printf("  %-34s %6d %s%n", kind, n, sb);
        });
    out.println("state checks:");
    checks.forEach(c -> out.println("  " + c));
    if (violationCount > 0) {
      out.printf(
          "violations: %d (by class: %s); the first %d, replay with: ./mercato bench fuzz --seed %d --requests %d%n",
          violationCount, violationsByKind, Math.min(violationCount, KEPT), seed, requested);
      violations.forEach(v -> out.println("  " + v.describe()));
    }
    out.println("verdict: " + (passed() ? "PASS" : "FAIL (" + violationCount + " violations)"));
  }
}
