package io.mercato.core.quality;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Volume anomalies: a (type, source) series whose arrival rate drops far below its usual level, the
 * mark of a broken tracker. Per series it keeps per-minute arrival counts (by the injected clock, not
 * event time: a tracker that stops sending is what breaks) and judges, at each {@link #evaluate}:
 *
 * <ul>
 *   <li><b>baseline</b>: the exponentially weighted mean (half-life {@code volume-half-life}) of the
 *       per-minute counts of the minutes more than an hour old. No seasonality is modelled: with a
 *       one-hour half-life the baseline follows a daily cycle a few hours behind, and a drop to a
 *       fifth of it (the default fraction) is far outside such a cycle's change over that lag;</li>
 *   <li><b>recent rate</b>: the mean count of the last {@code k} whole minutes, where {@code k} is
 *       {@code volume-window} (5) lengthened up to 60 until the baseline expects
 *       {@code volume-min-events} (30) events in it, so a slow series is judged over a span in which a
 *       drop is not chance: at a steady 2 events a minute, 15 minutes, where fewer than 6 events
 *       (the default fraction of 30) happen by chance with probability about 2·10⁻⁸;</li>
 *   <li><b>verdict</b> ({@link VolumeState.Status}): LEARNING until the series has an hour plus
 *       {@code volume-min-history} of data; TOO_QUIET when even an hour would expect fewer than
 *       {@code volume-min-events} events; otherwise DROP when the recent rate is below
 *       {@code volume-drop-fraction} × baseline, else OK. A series in DROP keeps its baseline frozen
 *       and stays flagged until its rate returns: a tracker that stopped for good stays flagged
 *       until its series is forgotten, {@value #IDLE_DAYS} days after its last event.</li>
 * </ul>
 *
 * <p>Bounded: at most {@value #MAX_SERIES} series (more are not tracked, see {@link #untracked()}),
 * each a fixed 60-minute ring. {@link #record} is O(1) and thread-safe; {@link #evaluate} is
 * O(series) and is what notices a series that receives nothing at all, so call it periodically.
 */
public final class VolumeMonitor {
  /** The longest judged span, and the hour kept out of the baseline, in minutes. */
  public static final int MAX_SPAN_MINUTES = 60;

  /** Most series tracked. */
  public static final int MAX_SERIES = 10_000;

  /** Days without events after which a series is forgotten. */
  public static final int IDLE_DAYS = 7;

  private static final long MINUTE = 60_000L;

  /** The judging rules, derived from {@link QualityConfig}. */
  record Rules(
      int windowMinutes,
      double dropFraction,
      long minHistoryMinutes,
      long minEvents,
      double decayPerMinute) {}

  private record Key(String type, String source) {}

  private final Rules rules;
  private final InstantSource clock;
  private final Map<Key, VolumeSeries> series = new ConcurrentHashMap<>();
  private final LongAdder untracked = new LongAdder();
  private final LongAdder forgottenDrops = new LongAdder();

  public VolumeMonitor(QualityConfig config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    double halfLifeMinutes = config.volumeHalfLife().toMillis() / (double) MINUTE;
    this.rules =
        new Rules(
            (int) config.volumeWindow().toMinutes(),
            config.volumeDropFraction(),
            config.volumeMinHistory().toMinutes(),
            config.volumeMinEvents(),
            Math.pow(0.5, 1 / halfLifeMinutes));
  }

  /** Counts {@code n} events of {@code type} from {@code source} arriving now. */
  public void record(String type, String source, long n) {
    if (n <= 0) {
      return;
    }
    long minute = Math.floorDiv(clock.millis(), MINUTE);
    Key key = new Key(type, source);
    VolumeSeries s = series.get(key);
    if (s == null) {
      if (series.size() >= MAX_SERIES) {
        untracked.add(n);
        return;
      }
      s = series.computeIfAbsent(key, k -> new VolumeSeries(minute));
    }
    s.add(minute, n, rules);
  }

  /**
   * Brings every series up to now, judges it and forgets series idle for {@value #IDLE_DAYS} days.
   *
   * @return every series' state, by type then source
   */
  public List<VolumeState> evaluate() {
    long now = Math.floorDiv(clock.millis(), MINUTE);
    long forgetBefore = now - Duration.ofDays(IDLE_DAYS).toMinutes();
    List<VolumeState> out = new ArrayList<>(series.size());
    for (Map.Entry<Key, VolumeSeries> e : series.entrySet()) {
      VolumeSeries s = e.getValue();
      s.evaluate(now, rules);
      if (s.lastEventMinute() < forgetBefore && series.remove(e.getKey(), s)) {
        forgottenDrops.add(s.drops());
        continue;
      }
      out.add(s.state(e.getKey().type(), e.getKey().source()));
    }
    out.sort(Comparator.comparing(VolumeState::type).thenComparing(VolumeState::source));
    return out;
  }

  /** Times any series became flagged (DROP) since this monitor was created: a counter to alert on. */
  public long drops() {
    long n = forgottenDrops.sum();
    for (VolumeSeries s : series.values()) {
      n += s.drops();
    }
    return n;
  }

  /** Series flagged as of the last {@link #evaluate}. */
  public int flagged() {
    int n = 0;
    for (VolumeSeries s : series.values()) {
      n += s.flagged() ? 1 : 0;
    }
    return n;
  }

  /** Events not tracked because {@value #MAX_SERIES} series already were. */
  public long untracked() {
    return untracked.sum();
  }
}
