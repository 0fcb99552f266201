package io.mercato.core.event;

import java.util.List;

/**
 * A decoded batch: the valid events in batch order, and the rejected ones with their reasons.
 *
 * @param total number of events in the batch (valid + rejected)
 */
public record ReadResult(List<Event> events, List<Rejection> rejected, int total) {
  public ReadResult {
    events = List.copyOf(events);
    rejected = List.copyOf(rejected);
  }
}
