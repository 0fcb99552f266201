package io.mercato.core.quality;

import io.mercato.core.event.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time view of {@link DataQuality}, the body of {@code GET /v1/quality}. Counts are since
 * {@code sinceMillis} (the process start: they are not kept across restarts).
 *
 * @param sinceMillis  when counting started, epoch ms
 * @param nowMillis    when the report was made, epoch ms
 * @param total        the accounting of every source together
 * @param sources      the accounting per source, by name
 * @param rejects      rejected events per (reason, field), most frequent first; a rejection with errors
 *                     on several fields counts once per field
 * @param timeliness   accepted-or-acknowledged events by {@link Timeliness} against the newest event
 *                     time (TOO_LATE: the rejected ones); null where this runtime does not judge lateness
 * @param latenessMillis the allowed lateness the classification used
 * @param skew         arrival − event time of valid events
 * @param unknownItems events naming an item the catalog does not know; null where there is no catalog
 * @param volume       the volume monitor's series
 * @param volumeDrops  times a series became flagged since counting started
 * @param untracked    events of series beyond the volume monitor's cap
 */
public record QualityReport(
    long sinceMillis,
    long nowMillis,
    Accounting total,
    List<SourceAccounting> sources,
    List<RejectCount> rejects,
    Map<Timeliness, Long> timeliness,
    long latenessMillis,
    ArrivalSkew.Summary skew,
    UnknownItems unknownItems,
    List<VolumeState> volume,
    long volumeDrops,
    long untracked) {

  public QualityReport {
    sources = List.copyOf(sources);
    rejects = List.copyOf(rejects);
    timeliness = timeliness == null ? null : Map.copyOf(timeliness);
    volume = List.copyOf(volume);
  }

  /** Series flagged as {@link VolumeState.Status#DROP} in this report. */
  public long volumeFlagged() {
    return volume.stream().filter(v -> v.status() == VolumeState.Status.DROP).count();
  }

  /** The accounting of one source. */
  public record SourceAccounting(String source, Accounting accounting) {}

  /** Rejections of one reason on one field ({@code attributes.*} for every attribute). */
  public record RejectCount(RejectReason reason, String field, long count) {}

  /**
   * Events naming items the catalog does not know. Checked only while the catalog has entries: a
   * business that keeps no catalog would otherwise see every item reported.
   *
   * @param checked      valid, not too-late events with an {@code item_id} checked against a non-empty catalog
   * @param unknown      of those, the ones whose item has no catalog entry
   * @param catalogItems catalog entries now (0: nothing is checked)
   */
  public record UnknownItems(long checked, long unknown, int catalogItems) {}
}
