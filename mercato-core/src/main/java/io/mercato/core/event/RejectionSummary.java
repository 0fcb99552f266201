package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts rejections by field and message, so a batch of a million identical mistakes is answered in
 * a few lines instead of a million. Pure; thread-safe.
 */
public final class RejectionSummary {
  /** Most groups listed; the rest are folded into one {@code *} group. */
  public static final int MAX_GROUPS = 100;

  /** The message of the group that folds every error not listed on its own. */
  public static final String OTHER_ERRORS = "other errors (each counted once per record)";

  private RejectionSummary() {}

  /**
   * The errors of {@code rejections} grouped by field and message, most frequent first (ties by field,
   * then message), at most {@code maxGroups} lines: when there are more, the last line is the
   * {@code *} group counting the records whose errors fall outside the groups listed (each at most
   * once). A record counts once per distinct error it has.
   *
   * @param maxGroups at least 1
   */
  public static List<ErrorCount> of(List<Rejection> rejections, int maxGroups) {
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be positive but was " + maxGroups);
    }
    Map<FieldError, long[]> counts = new HashMap<>();
    for (Rejection r : rejections) {
      List<FieldError> errors = r.errors();
      for (int i = 0; i < errors.size(); i++) {
        FieldError e = errors.get(i);
        if (!errors
            .subList(0, i)
            .contains(e)) { // a record counts once per distinct error; lists are short
          counts.computeIfAbsent(e, k -> new long[1])[0]++;
        }
      }
    }
    List<Map.Entry<FieldError, long[]>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<FieldError, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparing(e -> e.getKey().field())
            .thenComparing(e -> e.getKey().message()));
    List<ErrorCount> out = new ArrayList<>(Math.min(sorted.size(), maxGroups));
    if (sorted.size() <= maxGroups) {
      sorted.forEach(
          e -> out.add(new ErrorCount(e.getKey().field(), e.getKey().message(), e.getValue()[0])));
      return out;
    }
    Set<FieldError> listed = new HashSet<>();
    for (Map.Entry<FieldError, long[]> e : sorted.subList(0, maxGroups - 1)) {
      out.add(new ErrorCount(e.getKey().field(), e.getKey().message(), e.getValue()[0]));
      listed.add(e.getKey());
    }
    long others = 0;
    for (Rejection r : rejections) {
      for (FieldError e : r.errors()) {
        if (!listed.contains(e)) {
          others++;
          break;
        }
      }
    }
    out.add(new ErrorCount("*", OTHER_ERRORS, others));
    return out;
  }
}
