package io.mercato.bench.harness.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Pools of hostile texts, bytes and tokens the generators draw from. Each pool says which side of the
 * documented contract its members are on, because the expected state depends on it: an id from
 * {@link #INVALID_IDS} must be refused wherever an id goes; one from {@link #ODD_VALID_IDS} must be
 * accepted and kept exactly.
 */
final class HostileText {
  private HostileText() {}

  /**
   * Texts that break the id rule (non-blank, at most 128 code points, no control characters, valid
   * Unicode): refused in any id field.
   */
  static final List<String> INVALID_IDS =
      List.of(
          "",
          "   ",
          "\t",
          "\u0000",
          "a\u0000b",
          "a\nb",
          "a\r\nb",
          "x\u007f",
          "\u0085x",
          "\u001b[31m",
          "\ud800",
          "\udc00",
          "x-\ud800",
          "x-\udc00",
          "\udc00\ud800",
          "\ud800\ud800",
          "a\ud83d",
          "a".repeat(129),
          "\ud83d\ude00".repeat(129),
          "é".repeat(129),
          "u".repeat(100_000));

  /**
   * Texts that look odd but satisfy the id rule: accepted, and kept exactly (the same text must come
   * back after a restart).
   */
  static final List<String> ODD_VALID_IDS =
      List.of(
          "ü",
          "\ud83d\ude00",
          "日本語",
          "שלום",
          "a b",
          "../x",
          "a/b",
          "%41",
          "%ZZ",
          "q\",\"admin\":true,\"x\":\"",
          "<script>alert(1)</script>",
          "' OR 1=1 --",
          "\\",
          "{}",
          "?",
          "x-?",
          "\ud83d\ude00".repeat(128),
          "é".repeat(128),
          "a".repeat(128),
          "null",
          "0",
          "-1");

  /** Texts that are valid Unicode but unusual (noncharacters, bidi controls): used only where nothing is counted. */
  static final List<String> ODD_UNICODE =
      List.of(
          "\uffff",
          "\ufffe",
          "\ud83f\udffe",
          "\u202eevil",
          "\u200b",
          "\ufeff",
          "\ue000",
          "a\u0301");

  /**
   * Byte sequences that are not UTF-8: overlong forms (C0 AF is an overlong '/'), encoded surrogates,
   * code points beyond U+10FFFF, 5-byte forms, stray continuation and invalid lead bytes, a cut
   * sequence.
   */
  static final List<byte[]> INVALID_UTF8 =
      List.of(
          bytes(0xC0, 0xAF),
          bytes(0xE0, 0x80, 0xAF),
          bytes(0xF0, 0x80, 0x80, 0xAF),
          bytes(0xED, 0xA0, 0x80),
          bytes(0xED, 0xB0, 0x80),
          bytes(0xF4, 0x90, 0x80, 0x80),
          bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
          bytes(0xFF),
          bytes(0xFE),
          bytes(0x80),
          bytes(0xC3),
          bytes(0xE2, 0x82),
          bytes(0xC1, 0xBF));

  /** Number tokens that are valid JSON but extreme. */
  static final List<String> EXTREME_NUMBERS =
      List.of(
          "1e400",
          "-1e400",
          "1e-400",
          "99999999999999999999999999",
          "-0",
          "4.9e-324",
          "1.7976931348623157e308",
          "-9223372036854775809",
          "9223372036854775808",
          "123456789012345678901234567890.5",
          "1E+2147483648");

  /** Tokens that are not valid JSON numbers (NaN and Infinity among them). */
  static final List<String> BAD_NUMBER_TOKENS =
      List.of(
          "NaN",
          "Infinity",
          "-Infinity",
          "+Infinity",
          "0x10",
          "01",
          "+1",
          ".5",
          "5.",
          "1e",
          "--1",
          "1_000",
          "١٢");

  /** Far timestamps: ISO-8601 texts java.time can barely or not at all represent, and epoch extremes. */
  static final List<String> FAR_ISO_TIMESTAMPS =
      List.of(
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z",
          "+999999999-12-31T23:59:59.999999999-18:00",
          "-999999999-01-01T00:00:00+18:00",
          "+10000-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "1970-01-01T00:00:00Z",
          "1971-01-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-11-24T25:00:00Z",
          "2026-11-24T12:00:00+25:00",
          "2026-11-24T12:00:00",
          "2026-11-24",
          "",
          " ",
          "now",
          "2026-11-24T12:00:00Z ",
          "2026-11-24T12:00:00ZZ");

  /** Epoch-millisecond tokens that must be refused (negative, beyond any clock, not integers). */
  static final List<String> FAR_EPOCH_TOKENS =
      List.of(
          "-1",
          "-9223372036854775808",
          "9223372036854775807",
          "99999999999999999999",
          "1.5",
          "1e400",
          "1764000000000.0",
          "31556889832780799999");

  /** Percent-encoded path segments that decode to nothing sensible, or do not decode. */
  static final List<String> BAD_PATH_SEGMENTS =
      List.of(
          "%u0041",
          "%ZZ",
          "%",
          "%2",
          "%%",
          "%C0%AF",
          "%ED%A0%80",
          "%F4%90%80%80",
          "%FF",
          "%00",
          "%0A",
          "%0D%0A",
          "a%00b",
          "%E2%82",
          "%C3",
          "%25ZZ");

  /** Segments that decode fine but play with paths: dots, encoded slashes, semicolons, very long. */
  static final List<String> TRICKY_PATH_SEGMENTS =
      List.of(
          "..",
          ".",
          "%2e%2e",
          "%2E",
          "..%2F..%2Fetc",
          "a%2Fb",
          "a%5Cb",
          "a;b",
          ";jsessionid=x",
          "%20",
          "+",
          "a%2B",
          "%F0%9F%98%80",
          "%E6%97%A5",
          "~",
          "a?b=c",
          "x".repeat(9000));

  /** Query values, as they go on the wire. */
  static final List<String> BAD_QUERY_VALUES =
      List.of(
          "",
          "%20",
          "%ZZ",
          "%",
          "%u0041",
          "%00",
          "%ED%A0%80",
          "%C0%AF",
          "1e400",
          "-1",
          "0",
          "99999999999",
          "NaN",
          "10abc",
          "%2B5",
          "0x10",
          "%E2%80%AE",
          "x".repeat(10_000),
          "true%00",
          "%22%7D",
          "1%2C2");

  static String pick(RandomGenerator r, List<String> pool) {
    return pool.get(r.nextInt(pool.size()));
  }

  static byte[] pickBytes(RandomGenerator r, List<byte[]> pool) {
    return pool.get(r.nextInt(pool.size())).clone();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
