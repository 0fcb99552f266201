package io.mercato.core.text;

/**
 * The one rule for every id that names an entity — event ids, user, item, ad and campaign ids,
 * categories, placements, catalog item ids, campaign and ad ids (in a body or a path) — so every
 * runtime and every endpoint accepts and refuses the same ids. An id is a string that:
 * <ul>
 *   <li>is not blank ({@link String#isBlank()}: not empty, not only white space);
 *   <li>has at most {@link #maxLength()} Unicode code points (a supplementary character counts once);
 *   <li>holds no control character: C0 (U+0000–U+001F, so no CR, LF or TAB), DEL (U+007F) and C1
 *       (U+0080–U+009F);
 *   <li>holds no unpaired UTF-16 surrogate: UTF-8 cannot carry one, so it could be neither stored nor
 *       sent unchanged;
 *   <li>holds no noncharacter (U+FDD0–U+FDEF, and the last two code points of every plane such as
 *       U+FFFE and U+FFFF): they are reserved for internal use and typically mark decoding garbage;
 *   <li>holds no line or paragraph separator (U+2028, U+2029) and no bidirectional embedding, override
 *       or isolate control (U+202A–U+202E, U+2066–U+2069): they split a line or reorder how the text
 *       around the id is shown, so an id could forge a log line or look like another id.
 * </ul>
 * Ids are compared exactly, code unit by code unit: no case folding and no Unicode normalisation
 * ({@code "é"} precomposed and decomposed are two ids). Thread-safe and immutable.
 */
public final class IdRule {
  private final int maxLength;

  /**
   * @param maxLength most code points an id may have; positive
   * @throws IllegalArgumentException when {@code maxLength <= 0}
   */
  public IdRule(int maxLength) {
    if (maxLength <= 0) {
      throw new IllegalArgumentException("id max length must be positive but was " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** The most code points an id may have. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * What is wrong with {@code id}, as the rest of a sentence that starts with the field name ("must
   * not be blank"), or null when it is a valid id. Reports the first rule broken, in the order of the
   * class comment. O(length).
   *
   * @param id a non-null string
   */
  public String violation(String id) {
    if (id.isBlank()) {
      return "must not be blank";
    }
    // length() counts UTF-16 units, an upper bound of the code point count: only count when needed.
    if (id.length() > maxLength && id.codePointCount(0, id.length()) > maxLength) {
      return "must be at most "
          + maxLength
          + " characters but has "
          + id.codePointCount(0, id.length());
    }
    int n = id.length();
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return "must not contain control characters (found "
            + Unicode.codePoint(c)
            + " at position "
            + i
            + ")";
      }
      if (c < 0x2028) {
        continue; // the common case: nothing below U+2028 is refused beyond the controls
      }
      int cp = c;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(id.charAt(i + 1))) {
          cp = Character.toCodePoint(c, id.charAt(i + 1));
        } else {
          return Unicode.unpairedMessage(c, i);
        }
      }
      if (isNoncharacter(cp)) {
        return "must not contain the noncharacter "
            + Unicode.codePoint(cp)
            + " (at position "
            + i
            + ")";
      }
      if (cp == 0x2028
          || cp == 0x2029
          || (cp >= 0x202A && cp <= 0x202E)
          || (cp >= 0x2066 && cp <= 0x2069)) {
        return "must not contain line separators or bidirectional controls (found "
            + Unicode.codePoint(cp)
            + " at position "
            + i
            + ")";
      }
      if (cp > 0xFFFF) {
        i++;
      }
    }
    return null;
  }

  /** True for the 66 noncharacters: U+FDD0..U+FDEF and U+nFFFE, U+nFFFF of each plane. */
  static boolean isNoncharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }
}
