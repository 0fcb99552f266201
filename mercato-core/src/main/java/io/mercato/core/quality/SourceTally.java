package io.mercato.core.quality;

import io.mercato.core.event.RejectReason;
import java.util.EnumMap;

/**
 * Running {@link Accounting} of one source. A batch is added whole under the monitor (once per
 * batch, not per event), so a snapshot never sees half a batch and is balanced whenever every path
 * accounts correctly.
 */
final class SourceTally {
  private long read;
  private long accepted;
  private long duplicates;
  private long sampled;
  private final long[] rejected = new long[RejectReason.values().length];

  synchronized void add(Accounting a) {
    read += a.read();
    accepted += a.accepted();
    duplicates += a.duplicates();
    sampled += a.sampled();
    a.rejected().forEach((reason, n) -> rejected[reason.ordinal()] += n);
  }

  synchronized Accounting snapshot() {
    EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      r.put(reason, rejected[reason.ordinal()]);
    }
    return new Accounting(read, accepted, duplicates, sampled, r);
  }

  /** One count for metrics: {@code read}, {@code accepted}, {@code duplicate}, {@code sampled} or a reason code. */
  synchronized long count(String outcome) {
    return switch (outcome) {
      case "read" -> read;
      case "accepted" -> accepted;
      case "duplicate" -> duplicates;
      case "sampled" -> sampled;
      default -> rejected[RejectReason.ofCode(outcome).ordinal()];
    };
  }
}
