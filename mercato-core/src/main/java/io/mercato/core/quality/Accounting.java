package io.mercato.core.quality;

import io.mercato.core.event.RejectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the records an ingestion path read went: {@code read = accepted + duplicates + sampled +
 * rejected}, with the rejected ones by {@link RejectReason}. Every path (HTTP, replay into a data
 * directory or to a server, the Flink job) keeps this equation; {@link #balanced()} checks it, and
 * {@link #unaccounted()} says by how much it is off when it is not (a bug, never expected).
 *
 * @param read       records read (events framed from a body, lines or rows of a file), ≥ 0
 * @param accepted   newly recorded, ≥ 0
 * @param duplicates acknowledged but not recorded again: their {@code event_id} was seen before, ≥ 0
 * @param sampled    acknowledged but dropped by ingestion sampling, ≥ 0
 * @param rejected   not recorded, by reason (reasons without rejections may be absent); unmodifiable
 */
public record Accounting(
    long read, long accepted, long duplicates, long sampled, Map<RejectReason, Long> rejected) {
  /** Nothing read. */
  public static final Accounting EMPTY = new Accounting(0, 0, 0, 0, Map.of());

  public Accounting {
    if (read < 0 || accepted < 0 || duplicates < 0 || sampled < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: read "
              + read
              + ", accepted "
              + accepted
              + ", duplicates "
              + duplicates
              + ", sampled "
              + sampled);
    }
    EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
    Objects.requireNonNull(rejected, "rejected")
        .forEach(
            (reason, n) -> {
              if (n < 0) {
                throw new IllegalArgumentException(
                    "rejected " + reason.code() + " must not be negative but was " + n);
              }
              if (n > 0) {
                copy.put(reason, n);
              }
            });
    rejected = Collections.unmodifiableMap(copy);
  }

  /** Rejected records of every reason. */
  public long rejectedTotal() {
    long sum = 0;
    for (long n : rejected.values()) {
      sum += n;
    }
    return sum;
  }

  /** Rejected records of {@code reason}; 0 when none. */
  public long rejected(RejectReason reason) {
    return rejected.getOrDefault(reason, 0L);
  }

  /** {@code read − (accepted + duplicates + sampled + rejected)}: 0 when every record is accounted for. */
  public long unaccounted() {
    return read - accepted - duplicates - sampled - rejectedTotal();
  }

  /** True when {@code read = accepted + duplicates + sampled + rejected}. */
  public boolean balanced() {
    return unaccounted() == 0;
  }

  /** The sum of both, reason by reason. */
  public Accounting plus(Accounting o) {
    EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
    r.putAll(rejected);
    o.rejected.forEach((k, v) -> r.merge(k, v, Long::sum));
    return new Accounting(
        read + o.read, accepted + o.accepted, duplicates + o.duplicates, sampled + o.sampled, r);
  }

  /**
   * The equation for people, e.g.
   * {@code read 12,391 = accepted 1,599 + duplicates 0 + sampled 0 + rejected 10,792 (too_late 10,792)},
   * with {@code ≠ … (N unaccounted)} when it does not hold.
   */
  public String equation() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "read %,d %s accepted %,d + duplicates %,d + sampled %,d + rejected %,d",
            read,
            balanced() ? "=" : "≠",
            accepted,
            duplicates,
            sampled,
            rejectedTotal()));
    if (!rejected.isEmpty()) {
      b.append(" (");
      String sep = "";
      for (Map.Entry<RejectReason, Long> e : rejected.entrySet()) {
        b.append(sep)
            .append(e.getKey().code())
            .append(String.format(Locale.ROOT, " %,d", e.getValue()));
        sep = ", ";
      }
      b.append(')');
    }
    if (!balanced()) {
      b.append(String.format(Locale.ROOT, " (%,d unaccounted)", unaccounted()));
    }
    return b.toString();
  }
}
