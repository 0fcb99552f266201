package io.mercato.bench.harness.fuzz;

import java.util.Objects;

/**
 * A valid event (by the documented contract: README "The event contract", ARCHITECTURE.md §5) as the
 * fuzzer sent it.
 *
 * @param eventId its {@code event_id}, or null when it was sent without one (then it cannot be
 *                deduplicated, nor re-sent to check dedup)
 * @param type    its {@code type}
 * @param json    the line as sent (one JSON object, UTF-8, no line break)
 */
public record SentEvent(String eventId, String type, byte[] json) {
  public SentEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
  }
}
