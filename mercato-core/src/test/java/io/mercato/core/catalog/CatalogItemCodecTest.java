package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogItemCodecTest {
  static CatalogItem full() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("s", "x");
    attrs.put("l", 2L);
    attrs.put("d", 0.5);
    attrs.put("b", true);
    return new CatalogItem("p1", "k", 1.5, true, attrs, 1000L);
  }

  @Test
  void roundTripsEveryField() {
    assertThat(CatalogItemCodec.decode(CatalogItemCodec.encode(full()))).isEqualTo(full());
    CatalogItem minimal = new CatalogItem("p", null, null, false, Map.of(), 0L);
    assertThat(CatalogItemCodec.decode(CatalogItemCodec.encode(minimal))).isEqualTo(minimal);
  }

  /** Pins format v1: changing it breaks catalog files on disk, so it needs a new version. */
  @Test
  void version1BytesArePinned() {
    String hex =
        "01"
            + "07"
            + "00000000000003e8"
            + "027031"
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
    assertThat(HexFormat.of().formatHex(CatalogItemCodec.encode(full()))).isEqualTo(hex);
    assertThat(CatalogItemCodec.decode(HexFormat.of().parseHex(hex))).isEqualTo(full());
  }

  @Test
  void unknownVersionAndFlagsAreReported() {
    byte[] b = CatalogItemCodec.encode(full());
    b[0] = 9;
    assertThatThrownBy(() -> CatalogItemCodec.decode(b))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
    byte[] f = CatalogItemCodec.encode(full());
    f[1] = 8;
    assertThatThrownBy(() -> CatalogItemCodec.decode(f))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("flags");
  }

  @Test
  void truncatedDataIsReportedNotCrashedOn() {
    byte[] b = CatalogItemCodec.encode(full());
    for (int len = 0; len < b.length; len++) {
      byte[] part = Arrays.copyOf(b, len);
      assertThatThrownBy(() -> CatalogItemCodec.decode(part))
          .isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void decodedInvariantViolationIsCorruptData() {
    // A negative price can only come from damaged bytes.
    byte[] b = CatalogItemCodec.encode(new CatalogItem("p", null, 1.0, true, Map.of(), 0));
    b[b.length - 9] = (byte) 0xBF; // sign bit of the price's first byte (3f f0 -> bf f0)
    assertThatThrownBy(() -> CatalogItemCodec.decode(b))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("price");
  }
}
