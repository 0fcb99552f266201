package io.mercato.core.profile;

import java.util.List;

/**
 * The user's current session as tracked by {@link UserProfile}: a run of events with no gap longer
 * than {@link ProfileConfig#sessionGap()} in event time. See {@link UserProfile#currentSession(long)}
 * for what is exact and what is approximate.
 *
 * @param startMillis     event time of the first event of the session (epoch ms)
 * @param lastEventMillis event time of the newest event of the session (epoch ms)
 * @param events          events counted into the session, at least 1
 * @param items           distinct items touched in the session, most recent first, at most
 *                        {@link ProfileConfig#sessionItems()}; unmodifiable
 */
public record Session(long startMillis, long lastEventMillis, int events, List<String> items) {
  public Session {
    if (events < 1 || lastEventMillis < startMillis) {
      throw new IllegalArgumentException(
          "a session needs at least one event and start <= last, but had "
              + events
              + " events over ["
              + startMillis
              + ", "
              + lastEventMillis
              + "]");
    }
    items = List.copyOf(items);
  }

  /** Event-time span of the session in ms. */
  public long durationMillis() {
    return lastEventMillis - startMillis;
  }
}
