package io.mercato.server;

import io.mercato.core.event.RejectReason;
import io.mercato.core.quality.Accounting;
import io.mercato.core.quality.ArrivalSkew;
import io.mercato.core.quality.QualityConfig;
import io.mercato.core.quality.QualityReport;
import io.mercato.core.quality.Timeliness;
import io.mercato.core.quality.VolumeState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GET /v1/quality}, written in snake_case by {@link Json}. Numbers that cannot be
 * known yet (a quantile without events, a baseline without history) are {@code null}, never NaN.
 */
final class QualityViews {
  private QualityViews() {}

  /**
   * The whole view.
   *
   * @param mode         {@code embedded} or {@code cluster}
   * @param since        when this node started counting (its start: counts are not kept across restarts)
   * @param now          when this answer was made
   * @param accounting   every source together
   * @param sources      per source, by name
   * @param rejects      rejections per reason and field, most frequent first
   * @param lateness     events by lateness; null where this node does not judge it (cluster)
   * @param skew         arrival − event time
   * @param unknownItems events naming items the catalog does not know; null without a catalog (cluster)
   * @param volume       volume anomalies per type and source
   * @param limits       what this node cannot tell, and where to look instead
   */
  record Body(
      String mode,
      String since,
      String now,
      AccountingView accounting,
      List<SourceView> sources,
      List<RejectView> rejects,
      Lateness lateness,
      Skew skew,
      UnknownItems unknownItems,
      Volume volume,
      List<String> limits) {}

  /**
   * One accounting: {@code read = accepted + duplicates + sampled + rejected.total}.
   *
   * @param rejected   {@code total} and one member per reason code with rejections
   * @param balanced   whether the equation holds
   * @param equation   the equation in words, e.g. {@code read 10 = accepted 7 + ... (invalid 2)}
   */
  record AccountingView(
      long read,
      long accepted,
      long duplicates,
      long sampled,
      Map<String, Long> rejected,
      boolean balanced,
      String equation) {
    static AccountingView of(Accounting a) {
      Map<String, Long> r = new LinkedHashMap<>();
      r.put("total", a.rejectedTotal());
      for (RejectReason reason : RejectReason.values()) {
        r.put(reason.code(), a.rejected(reason));
      }
      return new AccountingView(
          a.read(), a.accepted(), a.duplicates(), a.sampled(), r, a.balanced(), a.equation());
    }
  }

  /** One source's accounting. */
  record SourceView(String source, AccountingView accounting) {}

  /** Rejections of one reason on one field. */
  record RejectView(String reason, String field, long count) {}

  /**
   * Events by how their time stood against the newest event time when they arrived.
   *
   * @param allowedLatenessSeconds the lateness within which a late event counts exactly
   * @param onTime                 at or after the newest event time
   * @param late                   behind it by at most the allowed lateness: counted exactly
   * @param veryLate               further behind but not too late: counted where buckets are kept
   * @param tooLate                rejected ({@code too_late})
   */
  record Lateness(
      long allowedLatenessSeconds, long onTime, long late, long veryLate, long tooLate) {}

  /**
   * Arrival − event time of valid events (negative: the event's time is ahead of this node's clock).
   *
   * @param events          valid events measured since {@code since}
   * @param recentEvents    those the quantiles cover: the last one to two {@code span}s of arrivals
   * @param span            the span of one quantile sketch, ISO-8601 duration (e.g. {@code PT1H})
   * @param seconds         min, p50, p90, p99 and max of the recent ones (null when none)
   * @param aheadOfClock    events since {@code since} whose time was ahead of this node's clock
   * @param maxAheadSeconds how far the furthest of those was ahead
   * @param clockSkewed     events the server counted as far ahead of its clock
   *                        ({@code mercato_events_clock_skewed_total}), or null where this build does
   *                        not count them
   */
  record Skew(
      long events,
      long recentEvents,
      String span,
      Map<String, Double> seconds,
      long aheadOfClock,
      double maxAheadSeconds,
      Double clockSkewed) {}

  /**
   * Events naming items the catalog does not know; counted only while the catalog has entries.
   *
   * @param counted      whether they are being counted now (the catalog has entries)
   * @param checked      valid events with an {@code item_id} checked against a non-empty catalog
   * @param unknown      of those, the ones whose item has no catalog entry
   * @param catalogItems catalog entries now
   */
  record UnknownItems(boolean counted, long checked, long unknown, int catalogItems) {}

  /**
   * Volume anomalies.
   *
   * @param flagged   series in {@code drop} now
   * @param drops     times a series became flagged since {@code since} (also the counter
   *                  {@code mercato_quality_volume_drops_total})
   * @param untracked events not watched because the series cap was reached
   * @param rules     how series are judged
   * @param series    every watched (type, source) series
   */
  record Volume(long flagged, long drops, long untracked, VolumeRules rules, List<Series> series) {}

  /**
   * The settings of the volume monitor ({@code quality.*}).
   *
   * @param windowMinutes      shortest judged span
   * @param dropFraction       flagged below this share of the baseline
   * @param minHistoryMinutes  baseline minutes needed before judging (after the first hour)
   * @param minEvents          events the judged span must expect
   * @param halfLifeMinutes    the baseline's half-life
   */
  record VolumeRules(
      long windowMinutes,
      double dropFraction,
      long minHistoryMinutes,
      long minEvents,
      long halfLifeMinutes) {
    static VolumeRules of(QualityConfig c) {
      return new VolumeRules(
          c.volumeWindow().toMinutes(),
          c.volumeDropFraction(),
          c.volumeMinHistory().toMinutes(),
          c.volumeMinEvents(),
          c.volumeHalfLife().toMinutes());
    }
  }

  /**
   * One (type, source) series.
   *
   * @param status            {@code learning}, {@code too_quiet}, {@code ok} or {@code drop}
   * @param baselinePerMinute its usual rate (null before it has one)
   * @param recentPerMinute   the rate over the judged span (null when not judged)
   * @param judgedMinutes     the judged span (0 when not judged)
   * @param dropSince         when the drop began (null unless {@code drop})
   * @param drops             how often it became flagged
   * @param lastEvent         the minute of its latest event
   */
  record Series(
      String type,
      String source,
      String status,
      Double baselinePerMinute,
      Double recentPerMinute,
      int judgedMinutes,
      String dropSince,
      long drops,
      String lastEvent) {
    static Series of(VolumeState v) {
      return new Series(
          v.type(),
          v.source(),
          v.status().code(),
          orNull(v.baselinePerMinute()),
          orNull(v.recentPerMinute()),
          v.judgedMinutes(),
          v.dropSinceMillis() == Long.MIN_VALUE ? null : Json.time(v.dropSinceMillis()),
          v.drops(),
          Json.time(v.lastEventMillis()));
    }
  }

  /** The view of {@code r}. */
  static Body of(
      String mode, QualityReport r, QualityConfig config, Double clockSkewed, List<String> limits) {
    List<SourceView> sources =
        r.sources().stream()
            .map(s -> new SourceView(s.source(), AccountingView.of(s.accounting())))
            .toList();
    List<RejectView> rejects =
        r.rejects().stream()
            .map(c -> new RejectView(c.reason().code(), c.field(), c.count()))
            .toList();
    Lateness lateness = null;
    if (r.timeliness() != null) {
      Map<Timeliness, Long> t = r.timeliness();
      lateness =
          new Lateness(
              r.latenessMillis() / 1000,
              t.get(Timeliness.ON_TIME),
              t.get(Timeliness.LATE),
              t.get(Timeliness.VERY_LATE),
              t.get(Timeliness.TOO_LATE));
    }
    ArrivalSkew.Summary s = r.skew();
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("min", orNull(s.min()));
    seconds.put("p50", orNull(s.p50()));
    seconds.put("p90", orNull(s.p90()));
    seconds.put("p99", orNull(s.p99()));
    seconds.put("max", orNull(s.max()));
    Skew skew =
        new Skew(
            s.events(),
            s.recent(),
            config.skewPeriod().toString(),
            seconds,
            s.ahead(),
            s.maxAheadSeconds(),
            clockSkewed);
    UnknownItems items =
        r.unknownItems() == null
            ? null
            : new UnknownItems(
                r.unknownItems().catalogItems() > 0,
                r.unknownItems().checked(),
                r.unknownItems().unknown(),
                r.unknownItems().catalogItems());
    Volume volume =
        new Volume(
            r.volumeFlagged(),
            r.volumeDrops(),
            r.untracked(),
            VolumeRules.of(config),
            r.volume().stream().map(Series::of).toList());
    return new Body(
        mode,
        Json.time(r.sinceMillis()),
        Json.time(r.nowMillis()),
        AccountingView.of(r.total()),
        sources,
        rejects,
        lateness,
        skew,
        items,
        volume,
        limits);
  }

  private static Double orNull(double d) {
    return Double.isNaN(d) ? null : d;
  }
}
