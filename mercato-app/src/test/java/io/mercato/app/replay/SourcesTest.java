package io.mercato.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.MalformedInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  @TempDir Path dir;

  private static List<Chunk> drain(RecordSource s, int max) throws IOException {
    List<Chunk> out = new ArrayList<>();
    Chunk c;
    while ((c = s.next(max, 1 << 20)) != null) {
      out.add(c);
    }
    s.close();
    return out;
  }

  private static String text(Chunk c) {
    return new String(c.ndjson(), StandardCharsets.UTF_8);
  }

  @Test
  void jsonlSkipsBlankLinesAndNumbersRecordsAndLines() throws IOException {
    Path f =
        Files.writeString(dir.resolve("e.jsonl"), "\uFEFF{\"a\":1}\r\n\n  \n{\"a\":2}\n{\"a\":3}");
    List<Chunk> chunks = drain(new JsonlSource(f), 2);
    assertThat(chunks).hasSize(2);
    assertThat(text(chunks.get(0))).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
    assertThat(chunks.get(0).lines()).containsExactly(1, 4);
    assertThat(chunks.get(0).records()).containsExactly(0, 1);
    assertThat(text(chunks.get(1))).isEqualTo("{\"a\":3}\n");
    assertThat(chunks.get(1).lines()).containsExactly(5);
    assertThat(chunks.get(1).firstRecord()).isEqualTo(2);
  }

  @Test
  void jsonlRejectsOverlongLinesLocally() throws IOException {
    String longLine = "{\"a\":\"" + "x".repeat(JsonlSource.MAX_LINE_BYTES) + "\"}";
    Path f = Files.writeString(dir.resolve("e.jsonl"), "{\"a\":1}\n" + longLine + "\n{\"a\":2}\n");
    List<Chunk> chunks = drain(new JsonlSource(f), 10);
    assertThat(chunks).hasSize(1);
    Chunk c = chunks.get(0);
    assertThat(c.count()).isEqualTo(2);
    assertThat(c.read()).isEqualTo(3);
    assertThat(c.local())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.index()).isEqualTo(1);
              assertThat(r.errors().get(0).message()).contains("longer than");
            });
    assertThat(c.localLines()).containsExactly(2L);
    assertThat(c.records()).containsExactly(0, 2);
  }

  @Test
  void gzippedFilesAreReadAndProgressCountsCompressedBytes() throws IOException {
    Path f = dir.resolve("e.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      for (int i = 0; i < 1000; i++) {
        out.write(("{\"i\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    JsonlSource s = new JsonlSource(f);
    List<Chunk> chunks = new ArrayList<>();
    Chunk c;
    while ((c = s.next(300, 1 << 20)) != null) {
      chunks.add(c);
    }
    assertThat(chunks.stream().mapToInt(Chunk::count).sum()).isEqualTo(1000);
    assertThat(s.bytesRead()).isEqualTo(Files.size(f));
    s.close();
    assertThat(FileFormat.fromName(f)).isEqualTo(FileFormat.JSONL);
  }

  @Test
  void csvReadsQuotedFieldsAndTracksLines() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("e.csv"),
            """
        type,user_id,timestamp,note
        view,u1,2026-01-01,"hello, world"

        click,u2,2026-01-02,"two
        lines"
        view,u3,2026-01-03,x,extra
        view,u4,2026-01-04,
        """);
    List<Chunk> chunks = drain(new CsvSource(f, CsvMapping.identity(), ','), 100);
    assertThat(chunks).hasSize(1);
    Chunk c = chunks.get(0);
    assertThat(c.count()).isEqualTo(3);
    assertThat(text(c))
        .contains("\"note\":\"hello, world\"", "\"note\":\"two\\nlines\"", "\"user_id\":\"u4\"");
    assertThat(c.lines()).containsExactly(2, 4, 7);
    assertThat(c.local()).singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(2));
    assertThat(c.localLines()).containsExactly(6L);
  }

  @Test
  void csvWithTabsAndBom() throws IOException {
    Path f =
        Files.writeString(dir.resolve("e.tsv"), "\uFEFFtype\tuser_id\ttimestamp\nview\tu1\t1\n");
    assertThat(FileFormat.tabSeparated(f)).isTrue();
    List<Chunk> chunks = drain(new CsvSource(f, CsvMapping.identity(), '\t'), 100);
    assertThat(text(chunks.get(0)))
        .isEqualTo("{\"type\":\"view\",\"user_id\":\"u1\",\"timestamp\":1}\n");
  }

  @Test
  void emptyCsvAndBrokenQuotesAreReported() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> new CsvSource(empty, CsvMapping.identity(), ','))
        .hasMessageContaining("needs a header row");
    Path broken =
        Files.writeString(dir.resolve("broken.csv"), "type,user_id,timestamp\nview,\"u1,1\n");
    CsvSource s = new CsvSource(broken, CsvMapping.identity(), ',');
    assertThatThrownBy(() -> drain(s, 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("malformed CSV");
  }

  @Test
  void formatFromName() {
    assertThat(FileFormat.fromName(Path.of("a.ndjson"))).isEqualTo(FileFormat.JSONL);
    assertThat(FileFormat.fromName(Path.of("a.CSV"))).isEqualTo(FileFormat.CSV);
    assertThat(FileFormat.fromName(Path.of("a.csv.gz"))).isEqualTo(FileFormat.CSV);
    assertThat(FileFormat.fromName(Path.of("a.txt"))).isNull();
  }
}
