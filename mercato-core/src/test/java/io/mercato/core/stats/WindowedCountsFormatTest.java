package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.stats.TestStreams.E;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The v1 binary form: pinned bytes, round trips, and damaged input. */
class WindowedCountsFormatTest {
  static final Windows DEFAULTS = Windows.defaults();

  static byte[] bytes(WindowedCounts c) {
    BinaryWriter w = new BinaryWriter();
    c.writeTo(w);
    return w.toByteArray();
  }

  @Test
  void version1BytesArePinned() {
    long t = Instant.parse("2026-11-24T12:00:05Z").toEpochMilli(); // 0x1a20d6d6d88
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    c.add(
        "view",
        t - Duration.ofHours(2).toMillis(),
        3); // 10:00:05: coarse age 2; fine beyond retention
    c.add("click", t, 2); // fine and coarse age 0
    c.add("view", t - 15_000, 1); // 11:59:50: fine age 1, coarse age 1
    String hex = HexFormat.of().formatHex(bytes(c));
    assertThat(hex)
        .isEqualTo(
            String.join(
                "",
                "01",
                "02",
                "000001a20d6d6d88", // version, 2 types, newestMillis
                "05636c69636b",
                "010002",
                "010002", // "click": fine [age 0: 2], coarse [age 0: 2]
                "0476696577",
                "010101",
                "0201010103")); // "view": fine [age 1: 1], coarse [age 1: 1, age 2: 3]
    assertThat(WindowedCounts.read(new BinaryReader(bytes(c)), DEFAULTS)).isEqualTo(c);
    assertThat(HexFormat.of().formatHex(bytes(new WindowedCounts(DEFAULTS)))).isEqualTo("0100");
  }

  @Test
  void randomAggregatesRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      WindowedCounts c =
          TestStreams.applyAll(DEFAULTS, TestStreams.stream(rnd, 1 + rnd.nextInt(3_000)));
      byte[] b = bytes(c);
      BinaryReader in = new BinaryReader(b);
      WindowedCounts back = WindowedCounts.read(in, DEFAULTS);
      in.expectEnd();
      assertThat(back).isEqualTo(c);
      assertThat(bytes(back)).isEqualTo(b);
    }
    WindowedCounts empty = WindowedCounts.read(new BinaryReader(new byte[] {1, 0}), DEFAULTS);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty).isEqualTo(new WindowedCounts(DEFAULTS));
  }

  @Test
  void readingWithNarrowerWindowsEqualsApplyingTheEventsToThem() {
    // A snapshot survives a configuration change: it keeps what the new configuration retains.
    Windows narrower = new Windows(List.of("1m", "24h"), Duration.ofMinutes(5));
    SplittableRandom rnd = new SplittableRandom(9);
    List<E> events = TestStreams.stream(rnd, 3_000);
    WindowedCounts wide = TestStreams.applyAll(DEFAULTS, events);
    assertThat(WindowedCounts.read(new BinaryReader(bytes(wide)), narrower))
        .isEqualTo(TestStreams.applyAll(narrower, events));
  }

  @Test
  void unknownVersionIsRejected() {
    assertThatThrownBy(() -> WindowedCounts.read(new BinaryReader(new byte[] {2, 0}), DEFAULTS))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("unknown WindowedCounts version 2");
  }

  @Test
  void everyTruncationIsCorruptDataNeverAnIndexException() {
    WindowedCounts c =
        TestStreams.applyAll(DEFAULTS, TestStreams.stream(new SplittableRandom(1), 500));
    byte[] b = bytes(c);
    for (int len = 0; len < b.length; len++) {
      byte[] prefix = Arrays.copyOf(b, len);
      assertThatThrownBy(() -> WindowedCounts.read(new BinaryReader(prefix), DEFAULTS))
          .as("prefix of %d bytes", len)
          .isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void damagedBytesDecodeOrFailAsCorruptData() {
    SplittableRandom rnd = new SplittableRandom(13);
    byte[] good = bytes(TestStreams.applyAll(DEFAULTS, TestStreams.stream(rnd, 300)));
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] b = good.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      try {
        WindowedCounts c = WindowedCounts.read(new BinaryReader(b), DEFAULTS);
        // Whatever decodes is a valid aggregate: it re-encodes to something that decodes equal.
        assertThat(WindowedCounts.read(new BinaryReader(bytes(c)), DEFAULTS)).isEqualTo(c);
      } catch (CorruptDataException expected) {
        // the only acceptable failure
      }
    }
  }

  @Test
  void typesOutOfOrderAreCorrupt() {
    byte[] b =
        HexFormat.of()
            .parseHex(
                "0102000001a20d6d6d88" + "0476696577010002010002" + "05636c69636b010002010002");
    assertThatThrownBy(() -> WindowedCounts.read(new BinaryReader(b), DEFAULTS))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("out of order");
  }
}
