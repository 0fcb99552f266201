package io.mercato.app.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.event.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CSV with a header row (Jackson's CSV parser: quoted fields, embedded separators and line
 * breaks) and converts each row to an event JSON object with a {@link CsvRowConverter}. Empty lines
 * are skipped; values are trimmed. A row with more values than the header has columns is rejected
 * here; a row with fewer is read with the missing trailing values empty. A syntax error the parser
 * cannot get past (an unbalanced quote) ends the replay with {@link MalformedInputException}.
 * The file is decoded as strict UTF-8 ({@link StrictUtf8Reader}): a row holding malformed or overlong
 * bytes, encoded surrogates or code points beyond U+10FFFF is rejected (field {@code row}, with the
 * byte offset in the file) and the other rows are read; such bytes in the header stop the replay.
 */
public final class CsvSource implements RecordSource {
  private static final JsonFactory JSON = new JsonFactory();
  private final InputStream in;
  private final CountingInputStream counter;
  private final MappingIterator<String[]> rows;
  private final StrictUtf8Reader utf8;
  private final CsvRowConverter converter;
  private final Path file;
  private long recordNo;

  /**
   * Opens {@code file} and reads its header.
   *
   * @throws IllegalArgumentException when the header does not fit the mapping (see
   *     {@link CsvRowConverter}) or the file is empty
   */
  public CsvSource(Path file, CsvMapping mapping, char separator) throws IOException {
    this.file = file;
    CountingInputStream[] c = new CountingInputStream[1];
    this.in = FileFormat.open(file, c);
    this.counter = c[0];
    this.utf8 = new StrictUtf8Reader(in);
    Reader reader = utf8;
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
    this.rows =
        mapper
            .readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .with(CsvParser.Feature.TRIM_SPACES)
            .with(schema)
            .readValues(reader);
    String[] header = nextRow();
    if (header == null) {
      in.close();
      throw new IllegalArgumentException(file + " is empty; a CSV file needs a header row");
    }
    String badHeader = utf8.takeFaultsBefore(rows.getCurrentLocation().getCharOffset());
    if (badHeader != null) {
      in.close();
      throw new IllegalArgumentException(
          file + ": the CSV header is not well-formed UTF-8: " + badHeader);
    }
    if (header.length > 0 && header[0].startsWith("\uFEFF")) {
      header[0] = header[0].substring(1); // byte order mark written by spreadsheet programs
    }
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].trim();
    }
    this.converter = new CsvRowConverter(header, mapping);
  }

  @Override
  public Chunk next(int maxRecords, int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 1 << 16));
    long[] records = new long[maxRecords];
    long[] lines = new long[maxRecords];
    List<Rejection> local = new ArrayList<>(0);
    List<Long> localLines = new ArrayList<>(0);
    int count = 0;
    long first = recordNo;
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setRootValueSeparator(null);
      while (count + local.size() < maxRecords && out.size() < maxBytes) {
        // Between rows the parser's location is the line the next row starts on (pinned by
        // SourcesTest).
        long line = rows.getCurrentLocation().getLineNr();
        String[] row = nextRow();
        if (row == null) {
          break;
        }
        long record = recordNo++;
        String badUtf8 = utf8.takeFaultsBefore(rows.getCurrentLocation().getCharOffset());
        String problem =
            badUtf8 != null ? "is not well-formed UTF-8: " + badUtf8 : converter.write(row, g);
        if (problem != null) {
          local.add(
              new Rejection(
                  (int) Math.min(Integer.MAX_VALUE, record),
                  List.of(new FieldError("row", problem)),
                  String.join(",", row)));
          localLines.add(line);
          continue;
        }
        g.flush();
        out.write('\n');
        records[count] = record;
        lines[count] = line;
        count++;
      }
    }
    if (count == 0 && local.isEmpty()) {
      return null;
    }
    return new Chunk(
        out.toByteArray(),
        count,
        first,
        Arrays.copyOf(records, count),
        Arrays.copyOf(lines, count),
        local,
        localLines);
  }

  private String[] nextRow() throws IOException {
    try {
      return rows.hasNextValue() ? rows.nextValue() : null;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new MalformedInputException(
          file
              + ": malformed CSV"
              + (loc == null ? "" : " at line " + loc.getLineNr())
              + ": "
              + e.getOriginalMessage(),
          loc == null ? -1 : loc.getLineNr(),
          loc == null ? -1 : loc.getColumnNr(),
          -1);
    }
  }

  @Override
  public long bytesRead() {
    return counter.count();
  }

  @Override
  public void close() throws IOException {
    rows.close();
    in.close();
  }
}
