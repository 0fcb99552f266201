package io.mercato.core.text;

import io.mercato.core.error.MercatoException;

/**
 * A string that UTF-8 cannot carry (it holds an unpaired UTF-16 surrogate) was about to be written
 * where it must round-trip: a journal record, a snapshot, a catalog file, a Redis value. Validation
 * refuses such strings at every entry, so this signals a path that skipped it; writing {@code ?}
 * instead, as {@link String#getBytes} does, would silently merge distinct ids.
 */
public class InvalidUnicodeException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final int index;

  /**
   * @param s     the string
   * @param index the UTF-16 index of its first unpaired surrogate
   */
  public InvalidUnicodeException(String s, int index) {
    super(
        "cannot encode a string with an unpaired UTF-16 surrogate "
            + Unicode.codePoint(s.charAt(index))
            + " at index "
            + index
            + " as UTF-8 (string of "
            + s.length()
            + " chars starting \""
            + printablePrefix(s)
            + "\")");
    this.index = index;
  }

  /** The UTF-16 index of the first unpaired surrogate. */
  public int index() {
    return index;
  }

  /** Up to 40 chars, surrogates and controls escaped, so the message itself is well-formed. */
  private static String printablePrefix(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(40, s.length()); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) || Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }
}
