package io.mercato.bench.harness.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What a crash soak found: each cycle's load and recovery, the final accounting, the violations. */
public final class SoakReport {
  /**
   * One {@code kill -9} cycle.
   *
   * @param cycle          1-based
   * @param loadSeconds    load before the kill
   * @param sent           events sent during the cycle (acknowledged or not)
   * @param acked          events acknowledged during the cycle
   * @param writesAcked    catalog items and campaigns acknowledged during the cycle
   * @param startupSeconds from spawning the restarted server to {@code /ready} answering 200
   * @param engineMillis   the engine's own recovery time as it logged it, -1 if it did not
   * @param replayed       journal records replayed over the snapshot
   * @param fromSnapshot   events the snapshot it started from held
   */
  public record Cycle(
      int cycle,
      double loadSeconds,
      long sent,
      long acked,
      long writesAcked,
      double startupSeconds,
      long engineMillis,
      long replayed,
      long fromSnapshot) {}

  private final List<Cycle> cycles = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();

  synchronized void cycle(Cycle c) {
    cycles.add(c);
  }

  synchronized void violation(String v) {
    violations.add(v);
  }

  synchronized void summary(String line) {
    summary.add(line);
  }

  public synchronized List<Cycle> cycles() {
    return List.copyOf(cycles);
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized boolean passed() {
    return violations.isEmpty();
  }

  public synchronized void print(PrintStream out) {
    out.println(
        "cycle  load s      sent     acked  writes  restart s  engine ms  replayed  snapshot");
    for (Cycle c : cycles) {
      out.printf(
          "%5d  %6.1f  %8d  %8d  %6d  %9.1f  %9d  %8d  %8d%n",
          c.cycle(),
          c.loadSeconds(),
          c.sent(),
          c.acked(),
          c.writesAcked(),
          c.startupSeconds(),
          c.engineMillis(),
          c.replayed(),
          c.fromSnapshot());
    }
    if (!cycles.isEmpty()) {
      double max = cycles.stream().mapToDouble(Cycle::startupSeconds).max().orElse(0);
      double mean = cycles.stream().mapToDouble(Cycle::startupSeconds).average().orElse(0);
      out.printf(
          "restart to ready: mean %.1f s, max %.1f s over %d cycles%n", mean, max, cycles.size());
    }
    summary.forEach(out::println);
    violations.forEach(v -> out.println("VIOLATION: " + v));
    out.println("verdict: " + (passed() ? "PASS" : "FAIL (" + violations.size() + " violations)"));
  }
}
