package io.mercato.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.ItemCatalog;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataQualityTest {
  private static final long MIN = 60_000L;
  private final long[] now = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
  private final InstantSource clock = () -> Instant.ofEpochMilli(now[0]);
  private final Windows windows = new Windows(List.of("1m", "1h"), Duration.ofMinutes(10));

  private static Event event(String type, String item, long t) {
    return new Event(
        "e-" + t + type, false, type, "u-1", item, null, null, null, null, t, Map.of());
  }

  private static Rejection invalid(int index, String... fields) {
    List<FieldError> errors = new ArrayList<>();
    for (String f : fields) {
      errors.add(new FieldError(f, "is wrong"));
    }
    return new Rejection(index, errors, "{}");
  }

  @Test
  void accountsPerSourceAndInTotal() {
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, null, true);
    long t = now[0];
    q.record(
        new IngestBatch(
            "http",
            4,
            List.of(event("view", null, t), event("view", null, t)),
            List.of(),
            1,
            1,
            0,
            List.of(invalid(2, "user_id"), invalid(3, "user_id", "type")),
            Long.MIN_VALUE));
    q.record(
        new IngestBatch(
            "replay:x.csv",
            2,
            List.of(event("click", null, t - 2 * 3_600_000L), event("click", null, t)),
            List.of(0),
            0,
            0,
            1,
            List.of(new Rejection(0, List.of(TooLate.error(windows)), "{}", RejectReason.TOO_LATE)),
            t));
    QualityReport r = q.report();
    assertThat(r.sources())
        .extracting(QualityReport.SourceAccounting::source)
        .containsExactly("http", "replay:x.csv");
    assertThat(r.total().equation())
        .isEqualTo(
            "read 6 = accepted 1 + duplicates 1 + sampled 1 + rejected 3 (invalid 2, too_late 1)");
    assertThat(r.rejects())
        .extracting(c -> c.reason().code() + " " + c.field() + " " + c.count())
        .containsExactly("invalid user_id 2", "invalid type 1", "too_late timestamp 1");
    assertThat(q.count("http", "duplicate")).isEqualTo(1);
    assertThat(q.count("replay:x.csv", "too_late")).isEqualTo(1);
  }

  @Test
  void classifiesLatenessAgainstTheNewestTimeBeforeTheBatchAndWithinIt() {
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, null, true);
    long t = now[0] - 30 * MIN;
    List<Event> events =
        List.of(
            event("view", null, t),
            event("view", null, t + MIN),
            event("view", null, t),
            event("view", null, t - 20 * MIN),
            event("view", null, t + 2 * MIN));
    q.record(new IngestBatch("http", 5, events, List.of(), 5, 0, 0, List.of(), t - 5 * MIN));
    assertThat(q.report().timeliness())
        .containsEntry(Timeliness.ON_TIME, 3L)
        .containsEntry(Timeliness.LATE, 1L)
        .containsEntry(Timeliness.VERY_LATE, 1L)
        .containsEntry(Timeliness.TOO_LATE, 0L);
  }

  @Test
  void whatARuntimeCannotKnowIsLeftOut() {
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, null, false);
    q.record(
        new IngestBatch(
            "http", 1, List.of(event("view", "p-1", now[0])), List.of(), 1, 0, 0, List.of(), 0));
    QualityReport r = q.report();
    assertThat(r.timeliness()).isNull();
    assertThat(r.unknownItems()).isNull();
    assertThat(r.skew().events()).isEqualTo(1);
  }

  @Test
  void unknownItemsAreCountedOnlyWhileTheCatalogHasEntries() {
    ItemCatalog catalog = new ItemCatalog();
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, () -> catalog, true);
    q.record(
        new IngestBatch(
            "http", 1, List.of(event("view", "p-9", now[0])), List.of(), 1, 0, 0, List.of(), 0));
    assertThat(q.report().unknownItems()).isEqualTo(new QualityReport.UnknownItems(0, 0, 0));
    catalog.put(new CatalogItem("p-1", null, null, true, Map.of(), now[0]));
    q.record(
        new IngestBatch(
            "http",
            3,
            List.of(
                event("view", "p-1", now[0]),
                event("view", "p-9", now[0]),
                event("view", null, now[0])),
            List.of(),
            3,
            0,
            0,
            List.of(),
            0));
    assertThat(q.report().unknownItems()).isEqualTo(new QualityReport.UnknownItems(2, 1, 1));
  }

  @Test
  void skewIsArrivalMinusEventTimeAndCountsEventsAheadOfTheClock() {
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, null, true);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(event("view", null, now[0] - i * 1000L)); // 0 to 99 s behind
    }
    events.add(event("view", null, now[0] + 90_000L)); // 90 s ahead
    q.record(
        new IngestBatch(
            "http", events.size(), events, List.of(), events.size(), 0, 0, List.of(), 0));
    ArrivalSkew.Summary s = q.report().skew();
    assertThat(s.recent()).isEqualTo(101);
    assertThat(s.ahead()).isEqualTo(1);
    assertThat(s.maxAheadSeconds()).isEqualTo(90.0);
    assertThat(s.min()).isEqualTo(-90.0);
    assertThat(s.max()).isEqualTo(99.0);
    assertThat(s.p50()).isBetween(47.0, 51.0);
  }

  @Test
  void sourcesAndRejectedFieldsAreBounded() {
    QualityConfig two =
        new QualityConfig(
            Duration.ofMinutes(5),
            0.2,
            Duration.ofHours(1),
            30,
            Duration.ofHours(1),
            2,
            Duration.ofHours(1));
    DataQuality q = new DataQuality(two, windows, clock, null, true);
    for (String s : List.of("a", "b", "c", "d")) {
      q.record(
          new IngestBatch(
              q.source(s),
              1,
              List.of(),
              List.of(),
              0,
              0,
              0,
              List.of(invalid(0, "attributes." + s)),
              0));
    }
    assertThat(q.report().sources())
        .extracting(QualityReport.SourceAccounting::source)
        .containsExactly("a", "b", DataQuality.OTHER_SOURCE);
    assertThat(q.accounting(DataQuality.OTHER_SOURCE).read()).isEqualTo(2);
    assertThat(q.rejects(RejectReason.INVALID, "attributes.*"))
        .as("attribute names are the client's")
        .isEqualTo(4);
  }

  @Test
  void listenerHearsOfEachNewKeyOnce() {
    DataQuality q = new DataQuality(QualityConfig.defaults(), windows, clock, null, true);
    List<String> heard = new ArrayList<>();
    q.listener(
        new DataQuality.Listener() {
          @Override
          public void newSource(String source) {
            heard.add("source " + source);
          }

          @Override
          public void newReject(RejectReason reason, String field) {
            heard.add("reject " + reason.code() + " " + field);
          }
        });
    for (int i = 0; i < 3; i++) {
      q.record(
          new IngestBatch(
              "http", 1, List.of(), List.of(), 0, 0, 0, List.of(invalid(0, "value")), 0));
    }
    assertThat(heard).containsExactly("source http", "reject invalid value");
  }
}
