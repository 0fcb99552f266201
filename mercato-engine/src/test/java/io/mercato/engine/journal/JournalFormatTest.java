package io.mercato.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the version 1 byte format: changing it breaks every journal already on disk. */
class JournalFormatTest {

  @TempDir Path dir;

  @Test
  void recordBytesMatchThePinnedFormat() throws Exception {
    try (Journal journal =
        Journal.open(dir, JournalConfig.defaults(), new MutableClock(Instant.EPOCH))) {
      journal.append("abc".getBytes(StandardCharsets.US_ASCII));
    }

    byte[] expected =
        HexFormat.of()
            .parseHex(
                ""
                    + "4d4a4e4c"
                    + "00000001" // segment header: "MJNL", version 1
                    + "00000003" // payload length
                    + "0000000000000001" // sequence
                    + "21bb808d" // crc32c(sequence bytes + payload)
                    + "616263"); // payload "abc"
    assertThat(Files.readAllBytes(dir.resolve("00000000000000000001.log"))).isEqualTo(expected);
  }

  @Test
  void segmentFilesAreNamedAfterTheirFirstSequenceWithTwentyDigits() {
    assertThat(RecordFormat.segmentName(42)).isEqualTo("00000000000000000042.log");
    assertThat(RecordFormat.firstSequenceOf(Path.of("00000000000000000042.log"))).isEqualTo(42);
    assertThat(RecordFormat.firstSequenceOf(Path.of("journal.lock"))).isEqualTo(-1);
    assertThat(RecordFormat.firstSequenceOf(Path.of("0000000000000000004x.log"))).isEqualTo(-1);
  }
}
