package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds what one batch of rejections writes to a dead-letter store: at most twice the raw text it
 * rejects, plus {@value #PER_RECORD_BYTES} bytes for each of its first {@value #RECORDS_WITH_ALLOWANCE}
 * rejections, plus {@value #ALLOWANCE_BYTES} bytes. A dead letter repeats the reasons and adds a time
 * stamp and a source to the raw text, so a batch of tiny broken records ({@code {}} lines) once wrote
 * 78 times its own size. The per-record allowance keeps every dead letter of an ordinary batch (a
 * replay chunk of short, too-late events is about 3.5 times its raw text once its reasons are added),
 * while a flood of a million tiny records still writes at most twice its size plus about 2.6 MB.
 *
 * <p>{@link #fit} keeps the rejections in batch order while their estimated size fits, and replaces
 * the rest with one summary rejection (field {@value #FIELD}) that counts them and lists their errors
 * by field and message (at most {@value #SUMMARY_GROUPS} groups), so the store still accounts for
 * every record; their raw text is not kept. Pure; thread-safe.
 */
public final class DeadLetterBudget {
  /** Bytes every batch may write beyond twice its raw text. */
  public static final int ALLOWANCE_BYTES = 64 * 1024;

  /** Bytes each of a batch's first {@value #RECORDS_WITH_ALLOWANCE} rejections may add besides. */
  public static final int PER_RECORD_BYTES = 256;

  /** Rejections of one batch that get the per-record allowance. */
  public static final int RECORDS_WITH_ALLOWANCE = 10_000;

  /** The field of the summary rejection. */
  public static final String FIELD = "dead_letter";

  /** Groups of errors the summary lists. */
  public static final int SUMMARY_GROUPS = 20;

  /**
   * Estimated bytes of a dead letter besides its raw text and errors: the time stamp, source, reason,
   * index and member names (about 120 for {@code source} {@code http} and {@code reason}
   * {@code invalid}; rounded up for longer sources).
   */
  private static final int RECORD_OVERHEAD = 128;

  /** Estimated bytes of one error besides its field and message. */
  private static final int ERROR_OVERHEAD = 24;

  private DeadLetterBudget() {}

  /** {@code rejections} as they fit the budget: unchanged, or a prefix plus one summary rejection. */
  public static List<Rejection> fit(List<Rejection> rejections) {
    long raw = 0;
    for (Rejection r : rejections) {
      raw += rawLength(r);
    }
    long budget = budget(raw, rejections.size());
    long used = 0;
    int kept = 0;
    for (Rejection r : rejections) {
      long size = estimatedSize(r);
      if (used + size > budget) {
        break;
      }
      used += size;
      kept++;
    }
    if (kept == rejections.size()) {
      return rejections;
    }
    List<Rejection> out = new ArrayList<>(rejections.subList(0, kept));
    out.add(summary(rejections.subList(kept, rejections.size()), budget));
    return out;
  }

  /** What a batch of {@code records} rejections holding {@code raw} characters of text may write. */
  public static long budget(long raw, int records) {
    return 2 * raw
        + (long) PER_RECORD_BYTES * Math.min(records, RECORDS_WITH_ALLOWANCE)
        + ALLOWANCE_BYTES;
  }

  /** Estimated bytes of {@code r} as a dead letter (UTF-16 units, a lower bound of UTF-8 bytes). */
  static long estimatedSize(Rejection r) {
    long size = RECORD_OVERHEAD + rawLength(r);
    for (FieldError e : r.errors()) {
      size += ERROR_OVERHEAD + e.field().length() + e.message().length();
    }
    return size;
  }

  private static long rawLength(Rejection r) {
    return r.raw() == null ? 0 : r.raw().length();
  }

  private static Rejection summary(List<Rejection> omitted, long budget) {
    int first = omitted.get(0).index();
    int last = omitted.get(omitted.size() - 1).index();
    List<FieldError> errors = new ArrayList<>();
    errors.add(
        new FieldError(
            FIELD,
            omitted.size()
                + " more rejected records of this batch (indexes "
                + first
                + " to "
                + last
                + ") are not kept one by one: their dead letters would pass "
                + budget
                + " bytes, twice the batch's "
                + "rejected text plus "
                + PER_RECORD_BYTES
                + " per rejection (at most "
                + RECORDS_WITH_ALLOWANCE
                + ") and "
                + ALLOWANCE_BYTES
                + "; their errors by field and message follow"));
    for (ErrorCount c : RejectionSummary.of(omitted, SUMMARY_GROUPS)) {
      errors.add(
          new FieldError(
              c.field(),
              c.message() + " (" + c.count() + (c.count() == 1 ? " record)" : " records)")));
    }
    return new Rejection(first, errors, "");
  }
}
