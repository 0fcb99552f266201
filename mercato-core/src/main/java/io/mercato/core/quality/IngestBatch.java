package io.mercato.core.quality;

import io.mercato.core.event.Event;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;

/**
 * What one ingestion path did with one batch, for {@link DataQuality#record}.
 *
 * @param source             where the batch came from, as given by the caller (canonicalised by
 *                           {@link DataQuality#source})
 * @param read               records read: valid events plus rejected-while-decoding ones
 * @param valid              the events that passed validation, in batch order (too-late ones included)
 * @param tooLate            positions in {@code valid} of the events the runtime rejected as too late
 * @param accepted           newly recorded events
 * @param duplicates         events acknowledged as duplicates
 * @param sampled            events acknowledged but dropped by sampling
 * @param rejected           every rejection of the batch, invalid and too late, with its reason
 * @param newestBeforeMillis the newest event time the runtime had seen before the batch
 *                           ({@link Long#MIN_VALUE} when none); ignored where lateness is not judged
 */
public record IngestBatch(
    String source,
    int read,
    List<Event> valid,
    List<Integer> tooLate,
    int accepted,
    int duplicates,
    int sampled,
    List<Rejection> rejected,
    long newestBeforeMillis) {
  public IngestBatch {
    Objects.requireNonNull(source, "source");
    valid = List.copyOf(valid);
    tooLate = List.copyOf(tooLate);
    rejected = List.copyOf(rejected);
  }

  /** The accounting of this batch alone. */
  public Accounting accounting() {
    EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (Rejection r : rejected) {
      byReason.merge(r.reason(), 1L, Long::sum);
    }
    return new Accounting(read, accepted, duplicates, sampled, byReason);
  }
}
