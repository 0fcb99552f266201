package io.mercato.app.replay;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSONL: one event object per line, blank lines skipped. Lines are passed through untouched
 * (the engine's reader validates them); a line longer than {@value #MAX_LINE_BYTES} bytes is rejected
 * here, as no valid event comes near that size and it would not fit a request.
 */
public final class JsonlSource implements RecordSource {
  static final int MAX_LINE_BYTES = 1 << 20;
  private final InputStream in;
  private final CountingInputStream counter;
  private final byte[] line = new byte[MAX_LINE_BYTES];
  private long lineNo;
  private long recordNo;
  private boolean eof;

  public JsonlSource(Path file) throws IOException {
    CountingInputStream[] c = new CountingInputStream[1];
    this.in = FileFormat.open(file, c);
    this.counter = c[0];
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
    while (!eof && count + local.size() < maxRecords && out.size() < maxBytes) {
      int len = readLine();
      if (len == -1) {
        break;
      }
      lineNo++;
      if (lineNo == 1
          && len >= 3
          && (line[0] & 0xFF) == 0xEF
          && (line[1] & 0xFF) == 0xBB
          && (line[2] & 0xFF) == 0xBF) {
        System.arraycopy(
            line, 3, line, 0, len - 3); // a UTF-8 byte order mark, as some editors write
        len -= 3;
      }
      if (len == -2) {
        local.add(
            new Rejection(
                (int) Math.min(Integer.MAX_VALUE, recordNo++),
                List.of(
                    new FieldError("event", "line is longer than " + MAX_LINE_BYTES + " bytes")),
                new String(line, 0, 200, StandardCharsets.UTF_8) + "..."));
        localLines.add(lineNo);
        continue;
      }
      if (isBlank(len)) {
        continue;
      }
      records[count] = recordNo++;
      lines[count] = lineNo;
      count++;
      out.write(line, 0, len);
      out.write('\n');
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

  /** Reads one line into {@link #line}; returns its length without the line end, -1 at EOF, -2 if too long. */
  private int readLine() throws IOException {
    int len = 0;
    boolean tooLong = false;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (len < MAX_LINE_BYTES) {
        line[len++] = (byte) b;
      } else {
        tooLong = true;
      }
    }
    if (b == -1) {
      eof = true;
      if (len == 0 && !tooLong) {
        return -1;
      }
    }
    if (tooLong) {
      return -2;
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return len;
  }

  private boolean isBlank(int len) {
    for (int i = 0; i < len; i++) {
      byte c = line[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return counter.count();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
