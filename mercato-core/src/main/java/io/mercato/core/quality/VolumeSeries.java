package io.mercato.core.quality;

/**
 * One (type, source) series of {@link VolumeMonitor}: per-minute arrival counts of the last hour in a
 * ring, and a baseline, the exponentially weighted mean of the per-minute counts of the minutes
 * before that hour. Keeping the last hour out of the baseline means a drop is judged against what the
 * flow did before it; while the series is flagged the baseline is frozen, so an outage never becomes
 * the new normal and the flag holds until the flow returns. Thread-safe (synchronised).
 */
final class VolumeSeries {
  private static final int SPAN = VolumeMonitor.MAX_SPAN_MINUTES;
  private final long[] ring =
      new long[SPAN]; // ring[m % SPAN]: count of completed minute m, within the last hour
  private final long firstMinute;
  private long minute; // the minute in progress (arrival time / 60 s)
  private long inProgress; // events of that minute so far
  private double baseline; // events per minute
  private long baselineMinutes; // minutes folded into the baseline
  private boolean flagged;
  private long flaggedSinceMinute;
  private long drops; // times the series became flagged
  private long lastEventMinute;
  private VolumeState.Status status = VolumeState.Status.LEARNING;
  private double recentRate = Double.NaN;
  private int judgedMinutes;

  VolumeSeries(long minute) {
    this.firstMinute = minute;
    this.minute = minute;
    this.lastEventMinute = minute;
  }

  /** Adds {@code n} events arriving in {@code atMinute} (earlier minutes than the current one count in it). */
  synchronized void add(long atMinute, long n, VolumeMonitor.Rules rules) {
    advance(atMinute, rules);
    inProgress += n;
    lastEventMinute = Math.max(lastEventMinute, atMinute);
  }

  /** Completes every minute before {@code nowMinute} and judges the series. */
  synchronized void evaluate(long nowMinute, VolumeMonitor.Rules rules) {
    advance(nowMinute, rules);
  }

  synchronized long lastEventMinute() {
    return lastEventMinute;
  }

  private void advance(long nowMinute, VolumeMonitor.Rules rules) {
    if (nowMinute <= minute) {
      return;
    }
    long gap = nowMinute - minute;
    complete(minute, inProgress, rules);
    inProgress = 0;
    minute++;
    judge(rules);
    // Whole minutes without events, judged one by one as if evaluated every minute (so a silence
    // is flagged, and the baseline frozen, as soon as it would have been); past an hour of them the
    // ring holds only zeros and the verdict cannot change, so the rest fold in one step.
    long zeros = gap - 1;
    long stepped = Math.min(zeros, SPAN);
    for (long i = 0; i < stepped; i++) {
      complete(minute, 0, rules);
      minute++;
      judge(rules);
    }
    long rest = zeros - stepped;
    if (rest > 0) {
      if (!flagged) {
        baseline *= Math.pow(rules.decayPerMinute(), rest);
        baselineMinutes += rest;
      }
      minute += rest;
      judge(rules);
    }
  }

  /** Minute {@code m} is over with {@code count} events: it enters the ring, the hour-old one leaves it. */
  private void complete(long m, long count, VolumeMonitor.Rules rules) {
    int slot = (int) Math.floorMod(m, (long) SPAN);
    long leaving = ring[slot];
    boolean full = m - firstMinute >= SPAN; // the slot holds minute m - SPAN
    ring[slot] = count;
    if (full && !flagged) {
      double a = rules.decayPerMinute();
      baseline = baselineMinutes == 0 ? leaving : a * baseline + (1 - a) * leaving;
      baselineMinutes++;
    }
  }

  private void judge(VolumeMonitor.Rules rules) {
    long completed = minute - firstMinute;
    if (baselineMinutes < rules.minHistoryMinutes() || completed < SPAN) {
      status = VolumeState.Status.LEARNING;
      recentRate = Double.NaN;
      judgedMinutes = 0;
      return;
    }
    if (baseline * SPAN < rules.minEvents()) {
      status = VolumeState.Status.TOO_QUIET;
      recentRate = Double.NaN;
      judgedMinutes = 0;
      flagged = false;
      return;
    }
    int k =
        (int)
            Math.min(
                SPAN, Math.max(rules.windowMinutes(), Math.ceil(rules.minEvents() / baseline)));
    long sum = 0;
    for (long m = minute - k; m < minute; m++) {
      sum += ring[(int) Math.floorMod(m, (long) SPAN)];
    }
    judgedMinutes = k;
    recentRate = sum / (double) k;
    boolean drop = recentRate < rules.dropFraction() * baseline;
    if (drop && !flagged) {
      flagged = true;
      flaggedSinceMinute = minute - k;
      drops++;
    } else if (!drop) {
      flagged = false;
    }
    status = flagged ? VolumeState.Status.DROP : VolumeState.Status.OK;
  }

  synchronized VolumeState state(String type, String source) {
    return new VolumeState(
        type,
        source,
        status,
        baselineMinutes == 0 ? Double.NaN : baseline,
        recentRate,
        judgedMinutes,
        flagged ? flaggedSinceMinute * 60_000L : Long.MIN_VALUE,
        drops,
        lastEventMinute * 60_000L);
  }

  synchronized boolean flagged() {
    return flagged;
  }

  synchronized long drops() {
    return drops;
  }
}
