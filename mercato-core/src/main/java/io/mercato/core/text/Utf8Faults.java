package io.mercato.core.text;

import com.google.common.base.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a byte range is not well-formed UTF-8 (RFC 3629), found with the JDK's strict decoder: bytes
 * that are not UTF-8 at all, continuation bytes without a lead, truncated sequences, overlong
 * encodings ({@code C0 AF} for {@code /}), encoded UTF-16 surrogates ({@code ED A0 80}) and code
 * points beyond U+10FFFF ({@code F4 90 80 80}). Jackson's parser decodes several of these silently —
 * overlong forms to the character they spell, the rest to lone surrogates or garbage — so readers of
 * client bytes scan first and refuse what this finds.
 *
 * <p>A fault is a maximal run of adjacent bytes the decoder refused, as absolute offsets into the
 * scanned array. Scanning well-formed input allocates nothing and returns null: ASCII is skipped eight
 * bytes at a time, and each multi-byte sequence is checked by Guava's {@link Utf8#isWellFormed}
 * (the Unicode Standard's table of well-formed sequences, as the JDK decoder applies it); only input
 * that holds a fault goes through the JDK decoder, which locates every fault. Measured on the
 * benchmark's 500-event body: about 1–2% of the read for ASCII text. Immutable and thread-safe.
 */
public final class Utf8Faults {
  /** Eight bytes at once, to find the first non-ASCII byte quickly (the byte order does not matter). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Replaces each faulty byte in {@link #masked}: ASCII, not JSON syntax, not white space. */
  public static final byte MASK = '?';

  private final int[] starts;
  private final int[] ends;

  private Utf8Faults(int[] starts, int[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /**
   * The faults of {@code b[off, off+len)}, or null when it is well-formed UTF-8.
   *
   * @throws IndexOutOfBoundsException when the range is not inside {@code b}
   */
  public static Utf8Faults scan(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    int end = off + len;
    int i = firstNonAscii(b, off, end);
    while (i >= 0) {
      int n = sequenceLength(b[i]);
      if (n == 0 || i + n > end || !Utf8.isWellFormed(b, i, n)) {
        return decode(b, i, end);
      }
      i = firstNonAscii(b, i + n, end);
    }
    return null;
  }

  /** The length a sequence with lead byte {@code lead} (not ASCII) claims, or 0 for a byte no sequence starts with. */
  private static int sequenceLength(byte lead) {
    int v = lead & 0xFF;
    return v >= 0xF0 ? (v <= 0xF7 ? 4 : 0) : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 0;
  }

  /** The faults of the whole array, or null when it is well-formed UTF-8. */
  public static Utf8Faults scan(byte[] b) {
    return scan(b, 0, b.length);
  }

  /** True when {@code b[off, off+len)} is well-formed UTF-8. */
  public static boolean isWellFormed(byte[] b, int off, int len) {
    return scan(b, off, len) == null;
  }

  private static int firstNonAscii(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) {
        break;
      }
    }
    for (; i < to; i++) {
      if (b[i] < 0) {
        return i;
      }
    }
    return -1;
  }

  /** Runs the JDK's strict decoder over {@code b[from, to)}, collecting each refused run. */
  private static Utf8Faults decode(byte[] b, int from, int to) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, from, to - from); // positions are offsets into b
    CharBuffer out = CharBuffer.allocate(Math.min(4096, to - from + 1));
    int[] starts = new int[0];
    int[] ends = new int[0];
    int n = 0;
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      if (r.isOverflow()) {
        out.clear(); // only the faults matter, not the characters
        continue;
      }
      int s = in.position();
      int e = s + r.length();
      if (n > 0 && ends[n - 1] == s) {
        ends[n - 1] = e; // one run: C0 AF is refused byte by byte but is one overlong form
      } else {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, Math.max(4, n * 2));
          ends = Arrays.copyOf(ends, Math.max(4, n * 2));
        }
        starts[n] = s;
        ends[n++] = e;
      }
      in.position(e);
    }
    return n == 0 ? null : new Utf8Faults(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }

  /** How many faults. At least 1. */
  public int count() {
    return starts.length;
  }

  /** Offset into the scanned array of the first byte of fault {@code i}. */
  public int start(int i) {
    return starts[i];
  }

  /** Offset into the scanned array just after fault {@code i}. */
  public int end(int i) {
    return ends[i];
  }

  /**
   * The index of the first fault that overlaps {@code [from, to)} (absolute offsets), or -1.
   * O(log count).
   */
  public int find(long from, long to) {
    int lo = 0;
    int hi = starts.length - 1;
    int found = -1;
    while (lo <= hi) { // the first fault that ends after from
      int mid = (lo + hi) >>> 1;
      if (ends[mid] > from) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return found >= 0 && starts[found] < to ? found : -1;
  }

  /**
   * A copy of {@code b} in which every faulty byte is {@link #MASK}, so a parser reads it as well-formed
   * text with every offset unchanged: a fault inside a JSON string stays inside it, and the reader can
   * refuse the field that holds it.
   */
  public byte[] masked(byte[] b) {
    byte[] copy = b.clone();
    for (int i = 0; i < starts.length; i++) {
      Arrays.fill(copy, starts[i], ends[i], MASK);
    }
    return copy;
  }

  /**
   * Describes fault {@code i} of {@code b}, e.g. {@code "C0 AF at byte offset 17 is an overlong
   * encoding"}, with the offset counted from {@code base}.
   */
  public String describe(byte[] b, int i, int base) {
    int s = starts[i];
    int e = ends[i];
    StringBuilder hex = new StringBuilder();
    for (int k = s; k < Math.min(e, s + 8); k++) {
      if (k > s) {
        hex.append(' ');
      }
      hex.append(String.format("%02X", b[k] & 0xFF));
    }
    if (e - s > 8) {
      hex.append(" ...");
    }
    return hex + " at byte offset " + (s - base) + " " + kind(b, s);
  }

  /** What a refused run starting at {@code s} is, judged by its first two bytes. */
  private static String kind(byte[] b, int s) {
    int b0 = b[s] & 0xFF;
    int b1 = s + 1 < b.length ? b[s + 1] & 0xFF : -1;
    if (b0 >= 0x80 && b0 <= 0xBF) {
      return "starts with a continuation byte";
    }
    if (b0 == 0xC0
        || b0 == 0xC1
        || (b0 == 0xE0 && b1 >= 0x80 && b1 <= 0x9F)
        || (b0 == 0xF0 && b1 >= 0x80 && b1 <= 0x8F)) {
      return "is an overlong encoding";
    }
    if (b0 == 0xED && b1 >= 0xA0 && b1 <= 0xBF) {
      return "encodes a UTF-16 surrogate";
    }
    if ((b0 == 0xF4 && b1 >= 0x90 && b1 <= 0xBF) || (b0 >= 0xF5 && b0 <= 0xF7)) {
      return "encodes a code point beyond U+10FFFF";
    }
    if (b0 >= 0xF8) {
      return "is not a UTF-8 byte";
    }
    return "is an incomplete sequence";
  }
}
