package io.mercato.core.agg;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTypeCountsTest {
  static Event of(String type, int i) {
    return new Event(
        "e" + i, false, type, "u" + (i % 7), null, null, null, null, null, i, Map.of());
  }

  @Test
  void mergeOfAnyPartitionEqualsApplyingAll() {
    Random rnd = new Random(42);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      events.add(of(EventTypes.KNOWN.get(rnd.nextInt(EventTypes.KNOWN.size())), i));
    }
    EventTypeCounts all = new EventTypeCounts();
    events.forEach(all::apply);
    for (int trial = 0; trial < 10; trial++) {
      Collections.shuffle(events, rnd);
      int parts = 1 + rnd.nextInt(6);
      List<EventTypeCounts> partials = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        partials.add(new EventTypeCounts());
      }
      for (Event e : events) {
        partials.get(rnd.nextInt(parts)).apply(e);
      }
      Collections.shuffle(partials, rnd);
      EventTypeCounts merged = new EventTypeCounts();
      partials.forEach(merged::merge);
      assertThat(merged).isEqualTo(all);
    }
    assertThat(all.total()).isEqualTo(5_000);
  }

  @Test
  void version1BytesArePinned() {
    EventTypeCounts c = new EventTypeCounts();
    c.add("view", 300);
    c.add("click", 2);
    BinaryWriter w = new BinaryWriter();
    c.writeTo(w);
    String hex = HexFormat.of().formatHex(w.toByteArray());
    assertThat(hex).isEqualTo("010205636c69636b0204766965 77ac02".replace(" ", ""));
    assertThat(EventTypeCounts.read(new BinaryReader(w.toByteArray()))).isEqualTo(c);
  }
}
