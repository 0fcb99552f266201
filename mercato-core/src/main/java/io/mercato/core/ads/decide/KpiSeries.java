package io.mercato.core.ads.decide;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A campaign's counters as time series: one slot per minute for the last 24 hours and one per hour
 * for the last 7 days (rings, so memory is fixed: about 60 KiB per campaign). Slots are keyed by
 * event time; a value older than a ring's span is dropped from that ring only. Not thread-safe: the
 * owning {@link CampaignStats} guards it.
 */
final class KpiSeries {
  static final int METRICS = 5;
  static final int IMPRESSIONS = 0;
  static final int CLICKS = 1;
  static final int CONVERSIONS = 2;
  static final int REVENUE_MICROS = 3;
  static final int SPEND_MICROS = 4;

  static final long MINUTE = 60_000L;
  static final long HOUR = 3_600_000L;
  static final int MINUTES = 24 * 60;
  static final int HOURS = 7 * 24;

  private final Ring minutes = new Ring(MINUTES, MINUTE);
  private final Ring hours = new Ring(HOURS, HOUR);

  void add(long tMillis, int metric, long delta) {
    minutes.add(tMillis, metric, delta);
    hours.add(tMillis, metric, delta);
  }

  /**
   * Sums of every metric over slots overlapping [fromMillis, toMillis]: minute slots when the span
   * spans at most 1,440 minute slots, hour slots otherwise (so a 7-day window is hour-aligned).
   */
  long[] sum(long fromMillis, long toMillis) {
    boolean fits = Math.floorDiv(toMillis, MINUTE) - Math.floorDiv(fromMillis, MINUTE) < MINUTES;
    Ring r = fits ? minutes : hours;
    long[] out = new long[METRICS];
    for (long slot = Math.floorDiv(fromMillis, r.width);
        slot <= Math.floorDiv(toMillis, r.width);
        slot++) {
      r.addInto(slot, out);
    }
    return out;
  }

  /** One point per slot from the slot of {@code fromMillis} to that of {@code toMillis}, oldest first. */
  List<long[]> points(long fromMillis, long toMillis, boolean perMinute) {
    Ring r = perMinute ? minutes : hours;
    List<long[]> out = new ArrayList<>();
    for (long slot = Math.floorDiv(fromMillis, r.width);
        slot <= Math.floorDiv(toMillis, r.width);
        slot++) {
      long[] p = new long[METRICS + 1];
      p[0] = slot * r.width;
      long[] v = new long[METRICS];
      r.addInto(slot, v);
      System.arraycopy(v, 0, p, 1, METRICS);
      out.add(p);
    }
    return out;
  }

  /**
   * Adds {@code other}'s slots into this series, as if its values had been added here: equal slots
   * add up, and where the two hold different times in one ring position the newer one stays. The
   * result does not depend on the order of merges and adds (up to values older than a ring's span,
   * which either order drops).
   */
  void merge(KpiSeries other) {
    minutes.merge(other.minutes);
    hours.merge(other.hours);
  }

  void writeTo(BinaryWriter out) {
    minutes.writeTo(out);
    hours.writeTo(out);
  }

  static KpiSeries read(BinaryReader in) {
    KpiSeries s = new KpiSeries();
    s.minutes.readFrom(in);
    s.hours.readFrom(in);
    return s;
  }

  /** Fixed slots of one width; a slot is reused when its time comes round again. */
  private static final class Ring {
    final long width;
    final long[] slotOf;
    final long[][] values;

    Ring(int size, long width) {
      this.width = width;
      this.slotOf = new long[size];
      Arrays.fill(slotOf, Long.MIN_VALUE);
      this.values = new long[size][METRICS];
    }

    void add(long tMillis, int metric, long delta) {
      long slot = Math.floorDiv(tMillis, width);
      int i = (int) Math.floorMod(slot, (long) slotOf.length);
      if (slotOf[i] != slot) {
        if (slotOf[i] > slot) {
          return; // older than the ring's span: the slot already holds a newer time
        }
        slotOf[i] = slot;
        Arrays.fill(values[i], 0);
      }
      values[i][metric] =
          Micros.plus(values[i][metric], delta); // revenue sums may be huge: saturate
    }

    void merge(Ring other) {
      for (int i = 0; i < slotOf.length; i++) {
        long slot = other.slotOf[i];
        if (slot == Long.MIN_VALUE || slotOf[i] > slot) {
          continue;
        }
        if (slotOf[i] != slot) {
          slotOf[i] = slot;
          Arrays.fill(values[i], 0);
        }
        for (int m = 0; m < METRICS; m++) {
          values[i][m] = Micros.plus(values[i][m], other.values[i][m]);
        }
      }
    }

    void addInto(long slot, long[] out) {
      int i = (int) Math.floorMod(slot, (long) slotOf.length);
      if (slotOf[i] == slot) {
        for (int m = 0; m < METRICS; m++) {
          out[m] = Micros.plus(out[m], values[i][m]);
        }
      }
    }

    void writeTo(BinaryWriter out) {
      int used = 0;
      for (long s : slotOf) {
        used += s == Long.MIN_VALUE ? 0 : 1;
      }
      out.writeInt(used);
      for (int i = 0; i < slotOf.length; i++) {
        if (slotOf[i] != Long.MIN_VALUE) {
          out.writeLong(slotOf[i]);
          for (long v : values[i]) {
            out.writeLong(v); // revenue may be negative (refunds)
          }
        }
      }
    }

    void readFrom(BinaryReader in) {
      int used = in.readInt();
      if (used < 0 || used > slotOf.length) {
        throw new CorruptDataException(
            "KPI series: " + used + " slots in a ring of " + slotOf.length);
      }
      for (int k = 0; k < used; k++) {
        long slot = in.readLong();
        int i = (int) Math.floorMod(slot, (long) slotOf.length);
        slotOf[i] = slot;
        for (int m = 0; m < METRICS; m++) {
          values[i][m] = in.readLong();
        }
      }
    }
  }
}
