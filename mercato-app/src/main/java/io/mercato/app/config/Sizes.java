package io.mercato.app.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them: plain bytes ({@code 1048576}) or a whole number with a binary
 * unit, {@code B}, {@code KiB}, {@code MiB}, {@code GiB} ({@code 512KiB}, {@code 64MiB}). Decimal units
 * ({@code MB}) are refused rather than guessed at: some people mean 10^6 by them, others 2^20.
 */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(B|KiB|MiB|GiB)?");

  private Sizes() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} showing the accepted forms. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a size in bytes such as 1048576, 512KiB, 64MiB or 1GiB; got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2)) {
              case "KiB" -> 10;
              case "MiB" -> 20;
              case "GiB" -> 30;
              default -> 0;
            };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size " + text + " is too large");
    }
    return n << shift;
  }

  /** The largest exact binary unit, e.g. {@code 64MiB}, {@code 4097} (bytes). */
  public static String format(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    int[] shifts = {30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
