package io.mercato.ml.eval;

import java.util.Comparator;

/**
 * The order of user and item ids wherever the evaluation must not depend on hash or file order
 * (sampling negatives, breaking timestamp ties): ids that are both non-negative integers compare as
 * numbers ({@code 9 < 10}), other ids as strings, and integers come before other ids.
 */
public final class Ids {
  /** The order described above; a total order consistent with {@code equals}. */
  public static final Comparator<String> ORDER = Ids::compare;

  private Ids() {}

  static int compare(String a, String b) {
    boolean na = isNumber(a);
    boolean nb = isNumber(b);
    if (na && nb) {
      // without leading zeros a longer number is larger; with them, fall back to the text
      String ta = stripZeros(a);
      String tb = stripZeros(b);
      int c =
          ta.length() != tb.length() ? Integer.compare(ta.length(), tb.length()) : ta.compareTo(tb);
      return c != 0 ? c : a.compareTo(b);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
