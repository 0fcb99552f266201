package io.mercato.core.quality;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonWriter;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * How a too-late event is reported, written once for every ingestion path that decodes a batch and
 * then learns from the runtime which of its valid events were too late ({@link Windows#tooLate} is
 * the rule itself): HTTP in both modes and replay into a data directory.
 */
public final class TooLate {
  private TooLate() {}

  /**
   * The error of a too-late event, on field {@code timestamp}: "is too late: older than the newest
   * event time minus the longest window (7d) and the allowed lateness (10m)".
   */
  public static FieldError error(Windows windows) {
    return new FieldError(
        "timestamp",
        "is too late: older than the newest event time minus the longest window ("
            + windows.longest().name()
            + ") and the allowed lateness ("
            + compact(windows.latenessMillis())
            + ")");
  }

  /**
   * The batch's rejections plus one {@link RejectReason#TOO_LATE} rejection per too-late event, sorted
   * by batch index. A too-late event's {@code raw} is the decoded event written back in the public
   * form ({@link EventJsonWriter}).
   *
   * @param batch     the decoded batch; its valid events are the batch indices not rejected by the
   *                  reader, in order, which maps a position back to its batch index
   * @param positions positions in {@code batch.events()} of the events the runtime found too late
   * @throws IndexOutOfBoundsException when a position is not one of {@code batch.events()}
   */
  public static List<Rejection> withTooLate(
      ReadResult batch, List<Integer> positions, Windows windows) {
    if (positions.isEmpty()) {
      return batch.rejected();
    }
    BitSet invalid = new BitSet();
    batch.rejected().forEach(r -> invalid.set(r.index()));
    int[] batchIndex = new int[batch.events().size()];
    for (int index = 0, position = 0; position < batchIndex.length; index++) {
      if (!invalid.get(index)) {
        batchIndex[position++] = index;
      }
    }
    List<FieldError> errors = List.of(error(windows));
    List<Rejection> all = new ArrayList<>(batch.rejected().size() + positions.size());
    all.addAll(batch.rejected());
    for (int position : positions) {
      Event e = batch.events().get(position);
      all.add(
          new Rejection(
              batchIndex[position], errors, EventJsonWriter.text(e), RejectReason.TOO_LATE));
    }
    all.sort(Comparator.comparingInt(Rejection::index));
    return all;
  }

  /** A duration in the largest whole unit of d, h, m, s, e.g. 10m; milliseconds otherwise. */
  static String compact(long millis) {
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis > 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
