package io.mercato.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 1 for replay files: strict UTF-8, a bad row refused alone. */
class StrictUtf8SourcesTest {
  @TempDir Path dir;

  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        for (int b : (int[]) p) {
          out.write(b);
        }
      }
    }
    return out.toByteArray();
  }

  static String readAll(Reader r, int chunk) throws IOException {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[chunk];
    int n;
    while ((n = r.read(buf, 0, chunk)) != -1) {
      b.append(buf, 0, n);
    }
    return b.toString();
  }

  @Test
  void decodesLikeTheJdkAndRecordsWhereEachFaultWas() throws IOException {
    byte[] b = bytes("é-", new int[] {0xC0, 0xAF}, "-x", new int[] {0xF4, 0x90, 0x80, 0x80}, "-😀");
    StrictUtf8Reader r = new StrictUtf8Reader(new ByteArrayInputStream(b));
    String text = readAll(r, 3);
    assertThat(text).isEqualTo("é-\uFFFD\uFFFD-x\uFFFD\uFFFD\uFFFD\uFFFD-😀");
    assertThat(r.takeFaultsBefore(2)).isNull();
    assertThat(r.takeFaultsBefore(3)).isEqualTo("C0 AF at byte offset 3 is an overlong encoding");
    assertThat(r.takeFaultsBefore(6)).isNull(); // the second byte of the same run
    assertThat(r.takeFaultsBefore(100))
        .isEqualTo("F4 90 80 80 at byte offset 7 encodes a code point beyond U+10FFFF");
  }

  @Test
  void wellFormedInputReadsAsTheJdkReadsItWhateverTheChunking() throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    for (int run = 0; run < 300; run++) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < random.nextInt(0, 20_000); i++) {
        s.appendCodePoint(
            random.nextInt(4) == 0 ? random.nextInt(0x80, 0x10FFFF) : random.nextInt(0x20, 0x7F));
        if (Character.isSurrogate(s.charAt(s.length() - 1))
            && !Character.isHighSurrogate(s.charAt(s.length() - 1))
            && (s.length() < 2 || !Character.isHighSurrogate(s.charAt(s.length() - 2)))) {
          s.setLength(s.length() - 1); // appendCodePoint of a surrogate code point: not text
        }
      }
      byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
      StrictUtf8Reader r = new StrictUtf8Reader(new ByteArrayInputStream(b));
      assertThat(readAll(r, random.nextInt(1, 9000)))
          .isEqualTo(
              readAll(
                  new InputStreamReader(new ByteArrayInputStream(b), StandardCharsets.UTF_8),
                  4096));
      assertThat(r.takeFaultsBefore(Long.MAX_VALUE)).isNull();
    }
  }

  @Test
  void aCsvRowWithMalformedUtf8IsRejectedAloneWithItsByteOffset() throws IOException {
    Path f = dir.resolve("e.csv");
    Files.write(
        f,
        bytes(
            "user_id,type,timestamp,category\n",
            "u-1,view,2026-11-24T12:00:00Z,a\n",
            "u-2,view,2026-11-24T12:00:00Z,b",
            new int[] {0xF0, 0x80, 0x80, 0xAF},
            "\n",
            "u-3,view,2026-11-24T12:00:00Z,c",
            new int[] {0xFF},
            "\n",
            "u-4,view,2026-11-24T12:00:00Z,d\uFFFD\n"));
    List<Chunk> chunks = new ArrayList<>();
    try (CsvSource s = new CsvSource(f, CsvMapping.identity(), ',')) {
      Chunk c;
      while ((c = s.next(100, 1 << 20)) != null) {
        chunks.add(c);
      }
    }
    Chunk c = chunks.get(0);
    assertThat(c.read()).isEqualTo(4);
    assertThat(c.count()).isEqualTo(2);
    String ndjson = new String(c.ndjson(), StandardCharsets.UTF_8);
    assertThat(ndjson)
        .contains("\"u-1\"")
        .contains("\"u-4\"")
        .contains("d\uFFFD"); // a real U+FFFD is text
    assertThat(c.local()).hasSize(2);
    assertThat(c.local().get(0).index()).isEqualTo(1);
    assertThat(c.local().get(0).errors().get(0).message())
        .isEqualTo(
            "is not well-formed UTF-8: F0 80 80 AF at byte offset 95 is an overlong encoding");
    assertThat(c.localLines()).containsExactly(3L, 4L);
    assertThat(c.local().get(1).errors().get(0).message()).contains("FF at byte offset");
  }

  @Test
  void aHeaderWithMalformedUtf8StopsTheReplay() throws IOException {
    Path f = dir.resolve("h.csv");
    Files.write(f, bytes("user_id,type,timestamp,x", new int[] {0xC0, 0x80}, "\nu,view,1,2\n"));
    assertThatThrownBy(() -> new CsvSource(f, CsvMapping.identity(), ','))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "the CSV header is not well-formed UTF-8: C0 80 at byte offset 24 is an overlong encoding");
  }
}
