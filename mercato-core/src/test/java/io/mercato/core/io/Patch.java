package io.mercato.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites bytes of a written form as a writer that replaced unpaired surrogates by {@code ?} would
 * have written them: today's writer refuses such strings, so tests of the readers' tolerance patch
 * length-prefixed strings in place.
 */
public final class Patch {
  private Patch() {}

  /**
   * Replaces every length-prefixed occurrence of the string {@code from} by {@code to} (same UTF-8
   * length, under 128 bytes); fails when there is none.
   */
  public static byte[] string(byte[] bytes, String from, String to) {
    byte[] f = prefixed(from);
    byte[] t = prefixed(to);
    if (f.length != t.length) {
      throw new IllegalArgumentException("replacement must have the same length");
    }
    byte[] out = bytes.clone();
    int found = 0;
    for (int i = 0; i + f.length <= out.length; i++) {
      if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
        found++;
      }
    }
    if (found == 0) {
      throw new IllegalArgumentException("\"" + from + "\" not found");
    }
    return out;
  }

  private static byte[] prefixed(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) b.length;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }
}
