package io.mercato.core.text;

/**
 * Checks of Java strings (UTF-16) against what UTF-8 can carry. A Java string may hold an unpaired
 * surrogate (U+D800 alone, from the JSON escape {@code "\u005Cud800"} or a lenient decoder); UTF-8 has no encoding for
 * one, so such a string cannot be stored or sent without being changed. Stateless.
 */
public final class Unicode {
  private Unicode() {}

  /**
   * The index of the first unpaired surrogate of {@code s}: a high surrogate not followed by a low
   * one, or a low surrogate not preceded by a high one; -1 when every surrogate is paired (the string
   * is well-formed UTF-16). O(length), allocation-free.
   */
  public static int unpairedSurrogate(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a pair: one supplementary code point
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The number of code points of {@code s} when it is well-formed, else {@code -(i + 1)} for the
   * UTF-16 index {@code i} of its first unpaired surrogate: one pass for the length check and the
   * surrogate check that validators make of every free-text value.
   */
  public static int codePointsIfWellFormed(CharSequence s) {
    int n = s.length();
    int count = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          count--;
        } else {
          return -(i + 1);
        }
      }
    }
    return count;
  }

  /** True when every surrogate of {@code s} is paired, so UTF-8 can carry it unchanged. */
  public static boolean isWellFormed(CharSequence s) {
    return unpairedSurrogate(s) < 0;
  }

  /**
   * What is wrong with free text {@code s} (a name, a title, an attribute value), or null when
   * nothing is: the rule is only that UTF-8 can carry it.
   */
  public static String textViolation(String s) {
    int i = unpairedSurrogate(s);
    return i < 0 ? null : unpairedMessage(s.charAt(i), i);
  }

  /** The message for an unpaired surrogate {@code c} at UTF-16 index {@code index}. */
  static String unpairedMessage(char c, int index) {
    return "must not contain an unpaired UTF-16 surrogate (found "
        + codePoint(c)
        + " at position "
        + index
        + "); send text as well-formed UTF-8";
  }

  /** {@code U+XXXX} (at least four hex digits) of a code point or code unit. */
  public static String codePoint(int cp) {
    return String.format("U+%04X", cp);
  }
}
