package io.mercato.flink.it;

import io.mercato.core.event.Event;
import io.mercato.flink.types.AcceptedRecord;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded record stream for conformance tests: synthetic traffic (users browsing in sessions, ads,
 * campaigns) in arrival order, mixed with what a real stream has: events delayed in arrival but
 * within the allowed lateness, events later than the lateness but inside the longest window, events
 * too late to count at all, events from a fast client clock (up to 20 hours ahead of their arrival),
 * exact duplicates, events without an id, and poison pills (not JSON, invalid events). Every record is
 * one Kafka value with its acceptance time: records arrive in blocks of {@value #BLOCK}, all accepted
 * at the stream time the block ends at (an embedded engine ingests a block at that clock, a Kafka
 * record carries it as its timestamp).
 *
 * @param records the records in arrival order
 * @param events  every valid event that appears in the records (keys for the comparison)
 */
public record ConformanceStream(List<AcceptedRecord> records, List<Event> events) {
  /** Records accepted at the same time. */
  static final int BLOCK = 500;

  /**
   * @param longest  the longest window; {@code lateness} the allowed lateness (to place late events)
   * @param start    event time of the first event; events advance 0–3 s each
   */
  public static ConformanceStream generate(
      long seed, int n, Instant start, Duration longest, Duration lateness) {
    SplittableRandom r = new SplittableRandom(seed);
    ManualClock clock = new ManualClock(start);
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(seed)
            .clock(clock)
            .items(300)
            .categories(8)
            .users(300)
            .build();
    List<byte[]> out = new ArrayList<>(n + n / 10);
    List<Long> appendedAt = new ArrayList<>(n + n / 10);
    Set<Event> events = new LinkedHashSet<>();
    TreeMap<Integer, List<byte[]>> delayed = new TreeMap<>();
    long tooLateGap = longest.toMillis() + lateness.toMillis();
    int extra = 0;
    for (int i = 0; i < n; i++) {
      clock.advance(Duration.ofMillis(r.nextInt(3_000)));
      Event e = traffic.next();
      double p = r.nextDouble();
      if (p < 0.05) { // arrives 1–100 records (≤ ~5 min) later: out of order within the lateness
        delayed.computeIfAbsent(i + 1 + r.nextInt(100), k -> new ArrayList<>()).add(json(e));
        events.add(e);
      } else if (p < 0.06) { // late beyond the lateness, but inside the longest window
        Event late =
            retime(
                e,
                "late-" + (extra++),
                clock.millis() - lateness.toMillis() - 60_000 - r.nextInt(600_000));
        out.add(json(late));
        events.add(late);
        out.add(json(e));
        events.add(e);
      } else if (p < 0.065 && i > 1000) { // too late: older than newest - longest - lateness
        Event late =
            retime(
                e,
                "too-late-" + (extra++),
                clock.millis() - tooLateGap - 60_000 - r.nextInt(3_600_000));
        out.add(json(late));
        events.add(late);
      } else if (p < 0.09 && !out.isEmpty()) { // a repeat of a recent record (a producer retry)
        out.add(out.get(Math.max(0, out.size() - 1 - r.nextInt(Math.min(out.size(), 500)))));
        out.add(json(e));
        events.add(e);
      } else if (p < 0.091) { // a fast client clock: 30 min to 20 h ahead of its arrival
        Event ahead =
            retime(e, "ahead-" + (extra++), clock.millis() + 1_800_000 + r.nextLong(70_200_000));
        out.add(json(ahead));
        events.add(ahead);
      } else if (p < 0.095) { // no event_id: generated, never deduplicated
        Event anon =
            new Event(
                e.eventId(),
                true,
                e.type(),
                e.userId(),
                e.itemId(),
                e.adId(),
                e.campaignId(),
                e.category(),
                e.value(),
                e.timestampMillis(),
                e.attributes());
        out.add(json(anon));
        events.add(anon);
      } else if (p < 0.098) { // poison pills
        out.add(poison(r, clock.millis()));
        out.add(json(e));
        events.add(e);
      } else {
        out.add(json(e));
        events.add(e);
      }
      List<byte[]> due = delayed.remove(i);
      if (due != null) {
        out.addAll(due);
      }
      while (appendedAt.size() < out.size()) {
        appendedAt.add(clock.millis());
      }
    }
    delayed.values().forEach(out::addAll);
    // A burst of conversions of one campaign at the end, more than its clicks in the short windows:
    // KPIs whose numerator type comes without its denominator (no CVR, with a reason, in both
    // runtimes).
    Event withAd =
        events.stream()
            .filter(e -> e.adId() != null && e.campaignId() != null)
            .reduce((a, b) -> b)
            .orElse(null);
    if (withAd != null) {
      for (int k = 0; k < 20; k++) {
        Event conversion =
            new Event(
                "burst-conversion-" + k,
                false,
                "conversion",
                withAd.userId(),
                null,
                withAd.adId(),
                withAd.campaignId(),
                withAd.category(),
                10.0,
                clock.millis(),
                Map.of());
        out.add(json(conversion));
        events.add(conversion);
      }
    }
    while (appendedAt.size() < out.size()) {
      appendedAt.add(clock.millis());
    }
    List<AcceptedRecord> accepted = new ArrayList<>(out.size());
    for (int from = 0; from < out.size(); from += BLOCK) {
      int to = Math.min(out.size(), from + BLOCK);
      long at = appendedAt.get(to - 1); // the block is accepted once its last record arrived
      for (int j = from; j < to; j++) {
        accepted.add(new AcceptedRecord(at, out.get(j)));
      }
    }
    return new ConformanceStream(List.copyOf(accepted), List.copyOf(events));
  }

  private static Event retime(Event e, String id, long t) {
    return new Event(
        id,
        false,
        e.type(),
        e.userId(),
        e.itemId(),
        e.adId(),
        e.campaignId(),
        e.category(),
        e.value(),
        t,
        e.attributes());
  }

  private static byte[] json(Event e) {
    return EventJson.object(e);
  }

  private static byte[] poison(SplittableRandom r, long now) {
    String s =
        switch (r.nextInt(5)) {
          case 0 -> "not json at all";
          case 1 -> "{\"type\":\"view\",\"timestamp\":" + now + "}"; // no user_id
          case 2 ->
              "{\"event_id\":\"x\",\"type\":\"view\",\"user_id\":\"u-1\",\"timestamp\":"
                  + now
                  + ",\"value\":\"abc\"}";
          case 3 -> "[1,2,3]";
          default -> "{\"type\":\"BAD TYPE\",\"user_id\":\"u-2\",\"timestamp\":" + now + ",";
        };
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return r.nextInt(10) == 0 ? new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1} : b;
  }
}
