package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  static Event full() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("s", "x");
    attrs.put("l", 2L);
    attrs.put("d", 0.5);
    attrs.put("b", true);
    return new Event("e1", false, "click", "u1", "i1", "a1", "c1", "k", 1.5, 1000L, attrs);
  }

  @Test
  void roundTripsEveryField() {
    Event e = full();
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
    Event minimal = new Event("g", true, "view", "u", null, null, null, null, null, 0L, Map.of());
    assertThat(EventCodec.decode(EventCodec.encode(minimal))).isEqualTo(minimal);
  }

  /** Pins format v1: changing it breaks journals and snapshots on disk, so it needs a new version. */
  @Test
  void version1BytesArePinned() {
    String hex =
        "011f00000000000003e8"
            + "026531"
            + "05636c69636b"
            + "027531"
            + "026931"
            + "026131"
            + "026331"
            + "016b"
            + "3ff8000000000000"
            + "04"
            + "0173"
            + "53"
            + "0178"
            + "016c"
            + "4c"
            + "0000000000000002"
            + "0164"
            + "44"
            + "3fe0000000000000"
            + "0162"
            + "42"
            + "01";
    assertThat(HexFormat.of().formatHex(EventCodec.encode(full()))).isEqualTo(hex.replace(" ", ""));
    assertThat(EventCodec.decode(HexFormat.of().parseHex(hex))).isEqualTo(full());
  }

  @Test
  void unknownVersionIsReported() {
    byte[] b = EventCodec.encode(full());
    b[0] = 9;
    assertThatThrownBy(() -> EventCodec.decode(b))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void truncatedDataIsReportedNotCrashedOn() {
    byte[] b = EventCodec.encode(full());
    for (int len = 0; len < b.length; len++) {
      byte[] part = Arrays.copyOf(b, len);
      assertThatThrownBy(() -> EventCodec.decode(part)).isInstanceOf(CorruptDataException.class);
    }
  }
}
