package io.mercato.core.time;

import io.mercato.core.error.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The configured set of sliding windows and their two bucket widths: windows up to
 * {@link #FINE_LIMIT_MILLIS} (1 h) use fine buckets of {@link #FINE_BUCKET_MILLIS} (10 s), longer ones
 * coarse buckets of {@link #COARSE_BUCKET_MILLIS} (1 h). Default: {@code 1m, 10m, 1h, 24h, 7d}.
 *
 * <p>Retention: an aggregate keeps fine buckets for the longest fine window plus the allowed
 * lateness, and coarse buckets for the longest coarse window plus the allowed lateness, both
 * measured back from the newest event time it has seen. Eviction therefore depends only on the
 * events (never on wall-clock or arrival order), which is what lets two runtimes agree.
 */
public final class Windows {
  public static final long FINE_BUCKET_MILLIS = 10_000L;
  public static final long COARSE_BUCKET_MILLIS = 3_600_000L;
  public static final long FINE_LIMIT_MILLIS = 3_600_000L;

  /** The default windows. */
  public static final List<String> DEFAULT_NAMES = List.of("1m", "10m", "1h", "24h", "7d");

  private final List<Window> windows;
  private final long latenessMillis;

  /**
   * @param names    window names such as {@code 1m}, {@code 10m}, {@code 24h}, {@code 7d} (units s, m, h, d)
   * @param lateness how late (behind the newest event time) an event may be and still find every
   *                 bucket it belongs to
   */
  public Windows(List<String> names, Duration lateness) {
    Objects.requireNonNull(names, "windows");
    Objects.requireNonNull(lateness, "lateness");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("at least one window is required");
    }
    if (lateness.isNegative()) {
      throw new IllegalArgumentException(
          "allowed lateness must not be negative but was " + lateness);
    }
    List<Window> list = new ArrayList<>();
    for (String n : names) {
      long len = parse(n);
      long bucket = len <= FINE_LIMIT_MILLIS ? FINE_BUCKET_MILLIS : COARSE_BUCKET_MILLIS;
      Window w = new Window(n, len, bucket);
      if (list.stream().anyMatch(x -> x.name().equals(n))) {
        throw new IllegalArgumentException("window " + n + " is listed twice");
      }
      list.add(w);
    }
    list.sort(Comparator.comparingLong(Window::lengthMillis));
    this.windows = List.copyOf(list);
    this.latenessMillis = lateness.toMillis();
  }

  /** The defaults with 10 minutes of allowed lateness. */
  public static Windows defaults() {
    return new Windows(DEFAULT_NAMES, Duration.ofMinutes(10));
  }

  /** Windows in ascending length. */
  public List<Window> all() {
    return windows;
  }

  public long latenessMillis() {
    return latenessMillis;
  }

  /** The longest window. */
  public Window longest() {
    return windows.get(windows.size() - 1);
  }

  /**
   * The window called {@code name}.
   *
   * @throws ValidationException on field {@code window}, listing the valid names
   */
  public Window byName(String name) {
    for (Window w : windows) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new ValidationException("window", "unknown window \"" + name + "\"; valid: " + names());
  }

  /** Window names in ascending length. */
  public List<String> names() {
    return windows.stream().map(Window::name).toList();
  }

  /** How far back from the newest event time fine buckets are kept (0 if no fine window). */
  public long fineRetentionMillis() {
    long max =
        windows.stream()
            .filter(w -> w.bucketMillis() == FINE_BUCKET_MILLIS)
            .mapToLong(Window::lengthMillis)
            .max()
            .orElse(0);
    return max == 0 ? 0 : max + latenessMillis;
  }

  /** How far back from the newest event time coarse buckets are kept (0 if no coarse window). */
  public long coarseRetentionMillis() {
    long max =
        windows.stream()
            .filter(w -> w.bucketMillis() == COARSE_BUCKET_MILLIS)
            .mapToLong(Window::lengthMillis)
            .max()
            .orElse(0);
    return max == 0 ? 0 : max + latenessMillis;
  }

  /**
   * True when an event at {@code eventMillis} is too late to count anywhere: older than the newest
   * event time seen minus the longest window and the allowed lateness. Such events are rejected at
   * ingest (dead-letter, metric) instead of being silently dropped.
   */
  public boolean tooLate(long eventMillis, long newestMillis) {
    if (newestMillis == Long.MIN_VALUE) {
      return false; // nothing seen yet
    }
    // Compared as a difference so extreme timestamps cannot overflow.
    return eventMillis < newestMillis
        && newestMillis - eventMillis > longest().lengthMillis() + latenessMillis;
  }

  static long parse(String name) {
    if (name == null || name.length() < 2) {
      throw new IllegalArgumentException(
          "window name must be a number and a unit (s, m, h, d), e.g. 10m; got " + name);
    }
    long n;
    try {
      n = Long.parseLong(name.substring(0, name.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "window name must be a number and a unit (s, m, h, d), e.g. 10m; got " + name);
    }
    long unit =
        switch (name.charAt(name.length() - 1)) {
          case 's' -> 1_000L;
          case 'm' -> 60_000L;
          case 'h' -> 3_600_000L;
          case 'd' -> 86_400_000L;
          default ->
              throw new IllegalArgumentException("window unit must be s, m, h or d in " + name);
        };
    if (n <= 0) {
      throw new IllegalArgumentException("window length must be positive in " + name);
    }
    return n * unit;
  }
}
