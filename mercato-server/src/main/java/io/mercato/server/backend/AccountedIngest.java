package io.mercato.server.backend;

import io.mercato.core.event.ReadResult;
import io.mercato.core.event.Rejection;
import io.mercato.core.quality.Accounting;
import io.mercato.core.quality.DataQuality;
import io.mercato.core.quality.IngestBatch;
import io.mercato.core.quality.TooLate;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One decoded batch through a runtime, accounted for: its valid events are recorded by
 * {@link EventIngest#ingest}; the events the runtime found too late join the invalid ones
 * ({@link TooLate}); every rejection goes to the dead-letter store under the batch's source; and the
 * batch is reported to the node's {@link DataQuality}. Written once for every path that decodes
 * batches itself: {@code POST /v1/events} in both modes and {@code mercato replay --data-dir} (which
 * goes through {@link Backend#embedded}). The {@link Verdict} keeps
 * {@code read = accepted + duplicates + sampled + rejected}.
 */
public final class AccountedIngest {
  private final EventIngest ingest;
  private final DataQuality quality;
  private final Supplier<Windows> windows;
  private final LongSupplier newestEventTime;

  /**
   * @param windows         the runtime's statistics windows (the too-late message names them)
   * @param newestEventTime the runtime's newest event time ({@link Long#MIN_VALUE} before any), read
   *                        before each batch to judge lateness; null where the runtime judges it
   *                        elsewhere (a cluster API node)
   */
  public AccountedIngest(
      EventIngest ingest,
      DataQuality quality,
      Supplier<Windows> windows,
      LongSupplier newestEventTime) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.quality = Objects.requireNonNull(quality, "quality");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.newestEventTime = newestEventTime;
  }

  /** As {@link #accept(String, ReadResult, IntUnaryOperator)}, dead letters indexed by batch position. */
  public Verdict accept(String source, ReadResult batch) {
    return accept(source, batch, null);
  }

  /**
   * Records the valid events of {@code batch}, dead-letters every rejected one and accounts for the
   * batch. When {@link EventIngest#ingest} throws, nothing was recorded, dead-lettered or counted: the
   * caller retries the whole batch (or gives up) and reports it then.
   *
   * @param source        where the batch came from (already checked, e.g. {@code http} or
   *                      {@code replay:events.csv}); the name dead letters and quality counts carry
   * @param deadLetterIndex maps a batch index to the {@code index} dead letters carry (a replay gives
   *                      the record number in its file), or null to keep batch indices; the
   *                      verdict keeps batch indices
   * @throws RuntimeException what {@link EventIngest#ingest} throws (503 answers)
   */
  public Verdict accept(String source, ReadResult batch, IntUnaryOperator deadLetterIndex) {
    long newest = newestEventTime == null ? Long.MIN_VALUE : newestEventTime.getAsLong();
    IngestResult result = ingest.ingest(batch.events());
    List<Rejection> rejected = TooLate.withTooLate(batch, result.tooLate(), windows.get());
    RuntimeException deadLetterFailure = null;
    if (!rejected.isEmpty()) {
      try {
        ingest.deadLetter(source, renumbered(rejected, deadLetterIndex));
      } catch (RuntimeException e) {
        deadLetterFailure = e;
      }
    }
    IngestBatch accounted =
        new IngestBatch(
            source,
            batch.total(),
            batch.events(),
            result.tooLate(),
            result.accepted(),
            result.duplicates(),
            result.sampled(),
            rejected,
            newest);
    quality.record(accounted);
    return new Verdict(
        accounted.accounting(),
        result.accepted(),
        result.duplicates(),
        result.sampled(),
        rejected,
        deadLetterFailure);
  }

  private static List<Rejection> renumbered(List<Rejection> rejected, IntUnaryOperator index) {
    if (index == null) {
      return rejected;
    }
    List<Rejection> out = new ArrayList<>(rejected.size());
    for (Rejection r : rejected) {
      out.add(r.at(index.applyAsInt(r.index())));
    }
    return out;
  }

  /**
   * What became of one batch.
   *
   * @param accounting        read, accepted, duplicates, sampled and rejected by reason: balanced
   * @param accepted          newly recorded
   * @param duplicates        acknowledged, already recorded
   * @param sampled           acknowledged, dropped by sampling
   * @param rejected          every rejection, invalid and too late, sorted by batch index
   * @param deadLetterFailure why the rejections could not be kept in the dead-letter store, or null
   *                          when they were (or there were none); the records themselves are
   *                          accounted for either way
   */
  public record Verdict(
      Accounting accounting,
      int accepted,
      int duplicates,
      int sampled,
      List<Rejection> rejected,
      RuntimeException deadLetterFailure) {
    public Verdict {
      rejected = List.copyOf(rejected);
    }
  }
}
