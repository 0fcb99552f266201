package io.mercato.server.backend;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.Rejection;
import io.mercato.core.runtime.IngestResult;
import java.util.List;

/**
 * Where {@code POST /v1/events} puts events: the embedded journal, or a Kafka topic.
 *
 * <p>Contract shared by both runtimes: {@link #ingest} returns only when every accepted event is
 * durable (the journal's fsync policy, or acknowledged by every in-sync Kafka replica); when it throws,
 * the client must treat the whole batch as not recorded and may retry it.
 */
public interface EventIngest {
  /** Decodes and validates request bodies (ARCHITECTURE.md §5); generates missing {@code event_id}s. */
  EventJsonReader reader();

  /**
   * Records valid events, in order.
   *
   * @return what was recorded; {@link IngestResult#tooLate()} holds positions in {@code events}
   * @throws BackendUnavailableException when the log cannot take the batch (answered 503)
   * @throws io.mercato.core.runtime.BackpressureException when the embedded engine is overloaded (503)
   * @throws io.mercato.core.runtime.EngineUnavailableException when the embedded engine is not ready (503)
   */
  IngestResult ingest(List<Event> events);

  /**
   * Keeps rejected events, with their batch index, errors and raw text, in the dead-letter store (a
   * file in embedded mode, a Kafka topic in cluster mode). Called after {@link #ingest} succeeded.
   *
   * @param source where they came from, e.g. {@code http}
   * @throws RuntimeException when they could not be kept; the caller logs it (dead letters are
   *                          diagnostics, and the client already learns of every rejection)
   */
  void deadLetter(String source, List<Rejection> rejected);
}
