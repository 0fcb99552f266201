package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event counts the server must hold: per type, the valid new events of every request answered
 * 202, plus one {@code impression} per ad of every decision answered 200 (a decision records its
 * impressions itself). Also the events with ids, for re-sending them to check that dedup survived.
 * Thread-safe (requests in the background report here too).
 */
final class EventLedger {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Long> counts = new TreeMap<>();
  private final List<SentEvent> withIds = new ArrayList<>();
  private long impressions;

  /** Folds in the answer {@code r} to {@code c}. */
  synchronized void apply(FuzzCase c, RawResponse r) {
    if (!r.ok()) {
      return;
    }
    if (r.status() == 202 && c.expect().allows(202)) {
      for (SentEvent e : c.expect().fresh()) {
        counts.merge(e.type(), 1L, Long::sum);
        if (e.eventId() != null) {
          withIds.add(e);
        }
      }
    }
    if (r.status() == 200 && "application/json".equals(r.mediaType())) {
      int served = servedImpressions(r.body());
      if (served > 0) {
        counts.merge("impression", (long) served, Long::sum);
        impressions += served;
      }
    }
  }

  /** The ads a decision answer served (each recorded as an impression event), 0 for any other answer. */
  static int servedImpressions(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.has("decision_id") && n.path("ads").isArray()) {
        return n.path("ads").size();
      }
    } catch (IOException e) {
      // not JSON: the oracle reports it
    }
    return 0;
  }

  /** Expected all-time count per type. */
  synchronized Map<String, Long> counts() {
    return new TreeMap<>(counts);
  }

  synchronized List<SentEvent> eventsWithIds() {
    return List.copyOf(withIds);
  }

  synchronized long impressions() {
    return impressions;
  }

  synchronized long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
