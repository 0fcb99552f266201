package io.mercato.core.experiment.assign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * The hash that assignment rests on: MurmurHash3 x64 128-bit (Austin Appleby's public-domain
 * function, here DataSketches' implementation, already on the classpath) with seed 0, of the parts
 * encoded without ambiguity — each part's UTF-8 bytes preceded by their count as a 4-byte big-endian
 * integer — keeping the first 64 bits. It is a pure function of its input, fixed forever: the same on
 * every node, in every runtime and across restarts, and reproducible outside Mercato (Python:
 * {@code mmh3.hash64(data, 0, True)[0]}, signed). Changing it would move users between arms of running
 * experiments, so tests pin assignments.
 *
 * <p>Why not {@link String#hashCode}: 32 bits with visible structure (ids {@code u-1}, {@code u-2} get
 * consecutive codes) would split users unevenly; MurmurHash3 passes SMHasher's avalanche tests.
 *
 * <p>Thread-safe; a {@link Prefix} fixes the leading parts once so that a hot path encodes only the
 * user id.
 */
public final class StableHash {
  private static final long SEED = 0L;
  private static final double TWO_POW_53 = 0x1p53;

  private StableHash() {}

  /** The 64-bit hash of {@code parts}. */
  public static long hash64(String... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("hash at least one part");
    }
    return prefix(Arrays.copyOf(parts, parts.length - 1)).hash64(parts[parts.length - 1]);
  }

  /** {@link #hash64} mapped to a double uniform in the open interval (0, 1). */
  public static double unit(String... parts) {
    return toUnit(hash64(parts));
  }

  /** The top 53 bits of {@code hash}, centred in their cell: uniform in (0, 1), never 0 or 1. */
  static double toUnit(long hash) {
    return ((hash >>> 11) + 0.5) / TWO_POW_53;
  }

  /** A prefix of parts encoded once, to be completed by a last part per call. */
  public static Prefix prefix(String... parts) {
    int size = 0;
    byte[][] encoded = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      encoded[i] = Objects.requireNonNull(parts[i], "part").getBytes(StandardCharsets.UTF_8);
      size += 4 + encoded[i].length;
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (byte[] e : encoded) {
      at = putLength(bytes, at, e.length);
      System.arraycopy(e, 0, bytes, at, e.length);
      at += e.length;
    }
    return new Prefix(bytes);
  }

  private static int putLength(byte[] b, int at, int length) {
    b[at] = (byte) (length >>> 24);
    b[at + 1] = (byte) (length >>> 16);
    b[at + 2] = (byte) (length >>> 8);
    b[at + 3] = (byte) length;
    return at + 4;
  }

  /** Encoded leading parts. Immutable and thread-safe. */
  public static final class Prefix {
    private final byte[] bytes;

    private Prefix(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The hash of the prefix's parts followed by {@code last}. */
    public long hash64(String last) {
      byte[] tail = Objects.requireNonNull(last, "last").getBytes(StandardCharsets.UTF_8);
      byte[] all = Arrays.copyOf(bytes, bytes.length + 4 + tail.length);
      int at = putLength(all, bytes.length, tail.length);
      System.arraycopy(tail, 0, all, at, tail.length);
      return MurmurHash3.hash(all, SEED)[0];
    }

    /** {@link #hash64} as a double uniform in (0, 1). */
    public double unit(String last) {
      return toUnit(hash64(last));
    }
  }
}
