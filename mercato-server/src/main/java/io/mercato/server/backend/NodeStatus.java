package io.mercato.server.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time readiness report for {@code /ready}.
 *
 * @param ready    whether the node serves requests (load balancers route to it only then)
 * @param state    a machine-readable state, e.g. {@code READY}, {@code RECOVERING}, {@code UNAVAILABLE}
 * @param reason   why it is not ready, one sentence for clients and logs; null when ready
 * @param members  the members of the 200 answer, in order, with snake_case names (ignored when not
 *                 ready)
 * @param progress extension members of the 503 answer, e.g. {@code recovery} with the phase and the
 *                 records replayed of total (ignored when ready; may be empty)
 */
public record NodeStatus(
    boolean ready,
    String state,
    String reason,
    Map<String, Object> members,
    Map<String, Object> progress) {
  public NodeStatus {
    Objects.requireNonNull(state, "state");
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    progress = Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    if (!ready && reason == null) {
      throw new IllegalArgumentException("a node that is not ready must say why");
    }
  }

  /** A report without progress members. */
  public NodeStatus(boolean ready, String state, String reason, Map<String, Object> members) {
    this(ready, state, reason, members, Map.of());
  }
}
