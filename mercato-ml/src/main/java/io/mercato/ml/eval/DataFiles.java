package io.mercato.ml.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Readers of the evaluation input formats. Fields are separated by tabs; blank lines are skipped and
 * a trailing carriage return is ignored. Every malformed line is reported as a
 * {@link DataFileException} naming the file and the line; nothing is skipped silently.
 * <ul>
 *   <li>MovieLens {@code u.data}: {@code user item rating timestamp} (timestamp in Unix seconds);</li>
 *   <li>NCF ratings ({@code *.train.rating}, {@code *.test.rating} of He et al.'s neural
 *       collaborative filtering code): {@code user item rating [timestamp]};</li>
 *   <li>NCF negatives ({@code *.test.negative}): {@code (user,item)\tneg1\tneg2...}.</li>
 * </ul>
 * All read the whole file into memory: O(lines).
 */
public final class DataFiles {
  private DataFiles() {}

  /** A MovieLens ratings file; every line has exactly the four fields. */
  public static List<Interaction> readMovieLens(Path file) {
    return readRatings(file, 4, "user, item, rating, timestamp");
  }

  /** An NCF ratings file; the timestamp column is optional (0 when absent). */
  public static List<Interaction> readNcfRatings(Path file) {
    return readRatings(file, 3, "user, item, rating[, timestamp]");
  }

  private static List<Interaction> readRatings(Path file, int minFields, String fields) {
    List<Interaction> out = new ArrayList<>();
    forEachLine(
        file,
        (line, text) -> {
          String[] f = text.split("\t", -1);
          if (f.length < minFields || f.length > 4) {
            throw new DataFileException(
                file,
                line,
                "expected "
                    + (minFields == 4 ? "4" : "3 or 4")
                    + " tab-separated fields ("
                    + fields
                    + ") but found "
                    + f.length);
          }
          String user = id(file, line, f[0], "user");
          String item = id(file, line, f[1], "item");
          float rating = rating(file, line, f[2]);
          long t = f.length == 4 ? timestamp(file, line, f[3]) : 0;
          out.add(new Interaction(user, item, rating, t, line));
        });
    if (out.isEmpty()) {
      throw new DataFileException(file, 1, "the file holds no ratings");
    }
    return out;
  }

  /** An NCF negatives file; every line names its test pair and at least one negative. */
  public static List<NegativesLine> readNcfNegatives(Path file) {
    List<NegativesLine> out = new ArrayList<>();
    forEachLine(
        file,
        (line, text) -> {
          String[] f = text.split("\t", -1);
          String head = f[0].trim();
          int comma = head.indexOf(',');
          if (!head.startsWith("(")
              || !head.endsWith(")")
              || comma < 0
              || head.indexOf(',', comma + 1) >= 0) {
            throw new DataFileException(
                file,
                line,
                "expected (user,item) in the first field but found '" + abbreviate(f[0]) + "'");
          }
          String user = id(file, line, head.substring(1, comma).trim(), "user");
          String item = id(file, line, head.substring(comma + 1, head.length() - 1).trim(), "item");
          if (f.length < 2) {
            throw new DataFileException(
                file,
                line,
                "expected at least one negative item after ("
                    + user
                    + ","
                    + item
                    + ") but found none");
          }
          List<String> negatives = new ArrayList<>(f.length - 1);
          for (String n : Arrays.asList(f).subList(1, f.length)) {
            negatives.add(id(file, line, n, "negative item"));
          }
          out.add(new NegativesLine(user, item, negatives, line));
        });
    if (out.isEmpty()) {
      throw new DataFileException(file, 1, "the file holds no negatives");
    }
    return out;
  }

  private static String id(Path file, long line, String raw, String what) {
    String s = raw.trim();
    if (s.isEmpty()) {
      throw new DataFileException(file, line, "empty " + what + " id");
    }
    return s;
  }

  private static float rating(Path file, long line, String raw) {
    try {
      float r = Float.parseFloat(raw.trim());
      if (Float.isFinite(r)) {
        return r;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DataFileException(
        file, line, "rating '" + abbreviate(raw) + "' is not a finite number");
  }

  private static long timestamp(Path file, long line, String raw) {
    try {
      return Math.multiplyExact(Long.parseLong(raw.trim()), 1000L);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new DataFileException(
          file,
          line,
          "timestamp '" + abbreviate(raw) + "' is not a whole number of seconds since 1970");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private interface LineHandler {
    void line(long number, String text);
  }

  private static void forEachLine(Path file, LineHandler h) {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        n++;
        if (s.endsWith("\r")) {
          s = s.substring(0, s.length() - 1);
        }
        if (!s.isBlank()) {
          h.line(n, s);
        }
      }
    } catch (CharacterCodingException e) {
      throw new DataFileException(
          file, n + 1, "not UTF-8 text (the first bad bytes are on this line or a later one)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
