package io.mercato.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventTypes;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {
  private final ManualClock clock = ManualClock.at("2026-11-24T12:00:00Z");

  private SyntheticTraffic traffic(long seed) {
    return SyntheticTraffic.builder().seed(seed).clock(clock).build();
  }

  @Test
  void sameSeedGivesTheSameStream() {
    List<Event> a = traffic(42).next(5_000);
    List<Event> b = traffic(42).next(5_000);
    assertThat(a).isEqualTo(b);
    assertThat(EventJson.ndjson(a)).isEqualTo(EventJson.ndjson(b));
  }

  @Test
  void differentSeedsGiveDifferentStreams() {
    assertThat(traffic(1).next(200)).isNotEqualTo(traffic(2).next(200));
  }

  @Test
  void eventIdsAreUniqueAndCarryThePrefix() {
    SyntheticTraffic t = SyntheticTraffic.builder().seed(3).clock(clock).idPrefix("run7-").build();
    Set<String> ids = new HashSet<>();
    for (Event e : t.next(20_000)) {
      assertThat(ids.add(e.eventId())).as("unique id %s", e.eventId()).isTrue();
      assertThat(e.eventId()).startsWith("run7-");
    }
    assertThat(t.produced()).isEqualTo(20_000);
  }

  @Test
  void typeMixHasRealisticFunnelRatios() {
    Map<String, Integer> n = new HashMap<>();
    for (Event e : traffic(42).next(200_000)) {
      n.merge(e.type(), 1, Integer::sum);
    }
    double views = n.get(EventTypes.VIEW);
    double total = 200_000;
    assertThat(views / total).isBetween(0.45, 0.75);
    assertThat(n.get(EventTypes.CLICK) / views).isBetween(0.15, 0.25);
    assertThat(n.get(EventTypes.ADD_TO_CART) / (double) n.get(EventTypes.CLICK))
        .isBetween(0.2, 0.3);
    assertThat(n.get(EventTypes.PURCHASE) / views).isBetween(0.01, 0.03);
    assertThat(n.get(EventTypes.IMPRESSION) / views).isBetween(0.45, 0.55);
    assertThat(n.get(EventTypes.AD_CLICK) / (double) n.get(EventTypes.IMPRESSION))
        .isBetween(0.01, 0.05);
    assertThat(n).containsKeys(EventTypes.CONVERSION, EventTypes.CAMPAIGN_JOIN);
  }

  @Test
  void eventsCarryTheFieldsTheirTypeNeeds() {
    for (Event e : traffic(9).next(20_000)) {
      assertThat(e.timestampMillis()).isEqualTo(clock.millis());
      switch (e.type()) {
        case "view", "click" -> assertThat(e.itemId()).isNotNull();
        case "purchase", "add_to_cart" -> {
          assertThat(e.itemId()).isNotNull();
          assertThat(e.value()).isPositive();
        }
        case "impression", "ad_click" -> {
          assertThat(e.adId()).isNotNull();
          assertThat(e.campaignId()).isNotNull();
        }
        default -> {}
      }
    }
  }

  @Test
  void popularItemsDominateTheirCategory() {
    SyntheticTraffic t = traffic(5);
    Map<String, Integer> views = new HashMap<>();
    for (Event e : t.next(100_000)) {
      if (e.type().equals(EventTypes.VIEW) && e.category().equals("books")) {
        views.merge(e.itemId(), 1, Integer::sum);
      }
    }
    int c = t.catalog().categories().indexOf("books");
    String top = t.catalog().items(c).get(0).id();
    int topViews = views.get(top);
    int total = views.values().stream().mapToInt(Integer::intValue).sum();
    double expected = t.catalog().popularity(c).probability(0); // ~0.17 for 167 items, exponent 1
    assertThat(topViews / (double) total).isBetween(expected * 0.8, expected * 1.2);
    assertThat(views.values().stream().mapToInt(Integer::intValue).max().getAsInt())
        .isEqualTo(topViews);
  }

  @Test
  void usersHaveOneToThreeDistinctPreferredCategories() {
    SyntheticTraffic t = traffic(11);
    for (int u = 1; u <= 1000; u++) {
      List<String> prefs = t.preferredCategories(u);
      assertThat(prefs).hasSizeBetween(1, 3).doesNotHaveDuplicates();
    }
  }

  @Test
  void jsonFormPassesTheEventReader() {
    SyntheticTraffic t = traffic(13);
    EventJsonReader reader = new EventJsonReader(EventValidator.of(EventLimits.defaults(), clock));
    List<Event> events = t.next(2_000);
    ReadResult nd = reader.read(EventJson.ndjson(events), EventJsonReader.Format.NDJSON);
    assertThat(nd.rejected()).isEmpty();
    assertThat(nd.events()).isEqualTo(events);
    ReadResult arr = reader.read(EventJson.array(events), EventJsonReader.Format.JSON);
    assertThat(arr.events()).isEqualTo(events);
  }

  @Test
  void timestampsFollowTheClock() {
    SyntheticTraffic t = traffic(1);
    long before = t.next().timestampMillis();
    clock.advance(Duration.ofSeconds(5));
    assertThat(t.next().timestampMillis()).isEqualTo(before + 5_000);
  }
}
