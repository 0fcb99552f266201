package io.mercato.core.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link UserProfile} evaluated at one reference time, shaped for JSON
 * (records, lists and insertion-ordered maps only). Built by {@link UserProfile#view}.
 *
 * @param nowMillis         the reference time (epoch ms) everything was evaluated at
 * @param firstSeenMillis   event time of the user's oldest event, null when the profile is empty
 * @param lastSeenMillis    event time of the user's newest event, null when the profile is empty
 * @param recentItems       most recent first; unmodifiable
 * @param affinity          decayed category scores at {@code nowMillis}, highest first; unmodifiable
 * @param affinityShare     the same scores normalised to sum 1 (empty when all are 0); unmodifiable
 * @param counts            window name → event type → events in that window at {@code nowMillis},
 *                          windows in the requested order, types ascending, zero counts omitted;
 *                          unmodifiable
 * @param purchases         all-time number of {@code purchase} events
 * @param totalOrderValue   sum of the {@code value} of purchases that carried one (0 when none did)
 * @param averageOrderValue {@code totalOrderValue} divided by the number of purchases with a value;
 *                          null when no purchase carried a value (never NaN)
 * @param session           the current session at {@code nowMillis}, or null when there is none
 */
public record ProfileView(
    long nowMillis,
    Long firstSeenMillis,
    Long lastSeenMillis,
    List<RecentItem> recentItems,
    Map<String, Double> affinity,
    Map<String, Double> affinityShare,
    Map<String, Map<String, Long>> counts,
    long purchases,
    double totalOrderValue,
    Double averageOrderValue,
    Session session) {

  public ProfileView {
    recentItems = List.copyOf(recentItems);
    affinity = ordered(affinity);
    affinityShare = ordered(affinityShare);
    Map<String, Map<String, Long>> c = new LinkedHashMap<>();
    counts.forEach(
        (window, perType) -> c.put(Objects.requireNonNull(window, "window"), ordered(perType)));
    counts = Collections.unmodifiableMap(c);
  }

  /** An unmodifiable copy that keeps the iteration order (Map.copyOf would not). */
  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
