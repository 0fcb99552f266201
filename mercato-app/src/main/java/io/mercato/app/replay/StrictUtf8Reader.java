package io.mercato.app.replay;

import io.mercato.core.text.Utf8Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Decodes a file's UTF-8 strictly (the JDK's decoder with {@link CodingErrorAction#REPORT}) without
 * stopping at a fault: each malformed sequence — invalid bytes, overlong forms, encoded surrogates,
 * code points beyond U+10FFFF — reads as one U+FFFD and is recorded with the character position it
 * took, so the reader of records can refuse exactly the record that held it and keep the rest.
 * {@link java.io.InputStreamReader} would replace such bytes with U+FFFD silently, indistinguishable
 * from a U+FFFD the file really holds. Not thread-safe.
 */
final class StrictUtf8Reader extends Reader {
  /** A fault: where its U+FFFD is in the characters read, and what it was in the file. */
  record Fault(long charOffset, String description) {}

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip(); // read mode, empty
  private final ArrayDeque<Fault> faults = new ArrayDeque<>();
  private long bytesBefore; // file offset of bytes[0]
  private long charsOut;
  private long describedUntil; // file offset up to which faults are already described
  private boolean eof;
  private boolean flushed;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    while (out.position() == off) {
      if (!bytes.hasRemaining() && !eof) {
        fill();
      }
      CoderResult r = decoder.decode(bytes, out, eof);
      if (r.isError()) {
        if (!out.hasRemaining()) {
          break; // no room for the replacement: the fault is met again by the next read
        }
        record(r.length(), charsOut + out.position() - off);
        out.put('\uFFFD');
        bytes.position(bytes.position() + r.length());
      } else if (r.isUnderflow()) {
        if (eof) {
          if (!flushed) {
            decoder.flush(out);
            flushed = true;
          }
          break;
        }
        if (bytes.hasRemaining() || out.position() == off) {
          fill(); // a sequence split across reads, or nothing decoded yet
        }
      } else {
        break; // overflow: out is full
      }
    }
    int n = out.position() - off;
    charsOut += n;
    return n == 0 && eof ? -1 : n;
  }

  private void fill() throws IOException {
    bytesBefore += bytes.position();
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  /** Records the fault at the buffer's position, whose replacement char is character {@code charOffset}. */
  private void record(int length, long charOffset) {
    long at = bytesBefore + bytes.position();
    if (at < describedUntil) {
      faults.add(new Fault(charOffset, null)); // the rest of a run already described
      return;
    }
    byte[] look =
        Arrays.copyOfRange(
            bytes.array(), bytes.position(), Math.min(bytes.limit(), bytes.position() + 4));
    Utf8Faults f = Utf8Faults.scan(look);
    int runLength = f == null ? length : Math.max(length, f.end(0));
    describedUntil = at + runLength;
    String description =
        f == null ? "malformed UTF-8 at byte offset " + at : f.describe(look, 0, (int) -at);
    faults.add(new Fault(charOffset, description));
  }

  /**
   * Removes the faults whose replacement char lies before character {@code charOffset} and returns the
   * description of the first run among them (null when there were none). A run of malformed bytes
   * cannot span a line break (ASCII is never part of one), so a record never starts mid-run.
   */
  String takeFaultsBefore(long charOffset) {
    String first = null;
    while (!faults.isEmpty() && faults.peek().charOffset() < charOffset) {
      Fault f = faults.poll();
      if (first == null) {
        first = f.description(); // null for the rest of a run described before: lines break runs
      }
    }
    return first;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
