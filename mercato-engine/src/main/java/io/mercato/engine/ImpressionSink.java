package io.mercato.engine;

import io.mercato.core.event.Event;
import java.util.List;

/**
 * Where ad decisions record their impression events: admitted and appended to the journal as any
 * ingested event, returning once appended (durable with the next group commit, not waited for).
 */
@FunctionalInterface
interface ImpressionSink {
  void record(List<Event> impressions);
}
