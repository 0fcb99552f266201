package io.mercato.core.time;

import io.mercato.core.event.Event;
import java.time.Duration;
import java.util.Objects;

/**
 * The time an event counts at in every windowed aggregate (counts, distinct users, trending,
 * profiles and sessions, segments, campaign KPIs, recommendation popularity): its timestamp, but no
 * later than {@code maxLead} after it arrived, {@code min(timestamp, arrival + maxLead)}.
 *
 * <p>Why: "now" for statistics is the newest event time, so without this bound one client whose
 * clock is 23 hours fast (within the {@code max-future} a timestamp may have) would move everyone's
 * "now" a day ahead and empty the short windows of real traffic for a day. An event far ahead of its
 * arrival therefore counts at {@code arrival + maxLead}, about the current bucket, and is
 * <em>clock-skewed</em> ({@link #skewed}). Its stored form (journal, Kafka) keeps the timestamp the
 * client sent; the arrival is recorded beside it (the journal's accept time, the Kafka record's
 * timestamp), so a replay computes the same effective time whenever it runs. Events in the past, as
 * in a historical replay, count at their own timestamp as before.
 *
 * <p>Arrival is the accepting node's clock ({@code InstantSource}) when it accepted the event, in
 * epoch milliseconds; {@link #UNKNOWN_ARRIVAL} when a record carries none (a Kafka record without a
 * timestamp): such an event counts at its own timestamp. Immutable and thread-safe.
 */
public final class EffectiveTime {
  /** The default bound of how far ahead of its arrival an event may count: 1 minute. */
  public static final Duration DEFAULT_MAX_LEAD = Duration.ofMinutes(1);

  /** The arrival of a record that carries none. */
  public static final long UNKNOWN_ARRIVAL = Long.MIN_VALUE;

  private final long maxLeadMillis;

  /**
   * @param maxLead how far ahead of its arrival an event may count, ≥ 0
   * @throws IllegalArgumentException when {@code maxLead} is negative
   */
  public EffectiveTime(Duration maxLead) {
    Objects.requireNonNull(maxLead, "maxLead");
    if (maxLead.isNegative()) {
      throw new IllegalArgumentException("max lead must not be negative but was " + maxLead);
    }
    this.maxLeadMillis = maxLead.toMillis();
  }

  /** The bound in milliseconds. */
  public long maxLeadMillis() {
    return maxLeadMillis;
  }

  /**
   * {@code min(timestampMillis, arrivalMillis + maxLead)}, saturating instead of overflowing;
   * {@code timestampMillis} when the arrival is {@link #UNKNOWN_ARRIVAL}.
   */
  public long of(long timestampMillis, long arrivalMillis) {
    if (arrivalMillis == UNKNOWN_ARRIVAL) {
      return timestampMillis;
    }
    long bound =
        arrivalMillis > Long.MAX_VALUE - maxLeadMillis
            ? Long.MAX_VALUE
            : arrivalMillis + maxLeadMillis;
    return Math.min(timestampMillis, bound);
  }

  /** True when an event at {@code timestampMillis} that arrived at {@code arrivalMillis} counts earlier. */
  public boolean skewed(long timestampMillis, long arrivalMillis) {
    return of(timestampMillis, arrivalMillis) != timestampMillis;
  }

  /**
   * The event as windowed aggregates must see it: {@code event} itself when it is not
   * {@linkplain #skewed skewed}, otherwise a copy whose timestamp is the effective time (every other
   * field, the id included, unchanged).
   */
  public Event apply(Event event, long arrivalMillis) {
    long t = of(event.timestampMillis(), arrivalMillis);
    if (t == event.timestampMillis()) {
      return event;
    }
    return new Event(
        event.eventId(),
        event.generatedId(),
        event.type(),
        event.userId(),
        event.itemId(),
        event.adId(),
        event.campaignId(),
        event.category(),
        event.value(),
        t,
        event.attributes());
  }

  @Override
  public String toString() {
    return "EffectiveTime[maxLead=" + Duration.ofMillis(maxLeadMillis) + "]";
  }
}
