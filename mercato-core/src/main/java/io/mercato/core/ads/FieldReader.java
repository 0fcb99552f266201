package io.mercato.core.ads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.error.FieldError;
import io.mercato.core.text.IdRule;
import io.mercato.core.text.Unicode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the members of one JSON object of a definition, recording every broken rule as a
 * {@link FieldError} named by its path ({@code discount.value}, {@code placements[2]}) instead of
 * stopping at the first. A member that is absent or JSON {@code null} is "not given". Not
 * thread-safe; one per object read.
 */
final class FieldReader {
  /** Largest amount accepted: 14 digits before the point. */
  static final BigDecimal MAX_AMOUNT = new BigDecimal("1e14");

  /** Most digits after the point an amount may have (the store keeps 6). */
  static final int MAX_AMOUNT_SCALE = 6;

  /** Longest amount accepted as a string: parsing and scaling cost grows with the digits. */
  static final int MAX_AMOUNT_TEXT = 64;

  /** Earliest instant a definition may name. */
  static final Instant MIN_INSTANT = Instant.EPOCH;

  /** Latest instant a definition may name: the last millisecond of year 9999. */
  static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

  private final ObjectNode node;
  private final String prefix;
  private final List<FieldError> errors;

  /**
   * @param known      members this object may have; any other is an error
   * @param serverSet  members that reads return but the server sets: refused with that reason
   */
  FieldReader(
      ObjectNode node,
      String prefix,
      List<FieldError> errors,
      List<String> known,
      List<String> serverSet) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (serverSet.contains(name)) {
        error(name, "is set by the server; leave it out");
      } else if (!known.contains(name)) {
        error(
            abbreviate(name), "is not a known field; expected one of " + String.join(", ", known));
      }
    }
  }

  String path(String name) {
    return prefix + name;
  }

  void error(String name, String message) {
    errors.add(new FieldError(path(name), message));
  }

  /** True when a rule about {@code name} (or a member of it) was already broken. */
  boolean reported(String name) {
    String p = path(name);
    return errors.stream()
        .anyMatch(
            e ->
                e.field().equals(p)
                    || e.field().startsWith(p + ".")
                    || e.field().startsWith(p + "["));
  }

  private JsonNode given(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String name) {
    return given(name) != null;
  }

  private void required(String name) {
    if (!reported(name)) {
      error(name, "is required");
    }
  }

  /**
   * A string member, or null when not given (reported when {@code required}), not a string or not
   * well-formed (an unpaired surrogate, which no store keeps unchanged).
   */
  String text(String name, boolean required) {
    JsonNode v = given(name);
    if (v == null) {
      if (required) {
        required(name);
      }
      return null;
    }
    if (!v.isTextual()) {
      String hint = v.isNumber() ? " (quote it: \"" + v.asText() + "\")" : "";
      error(name, "must be a string but was " + describe(v) + hint);
      return null;
    }
    String bad = Unicode.textViolation(v.textValue());
    if (bad != null) {
      error(name, bad);
      return null;
    }
    return v.textValue();
  }

  /** A non-blank string of at most {@code max} characters. */
  String label(String name, boolean required, int max) {
    String s = text(name, required);
    if (s == null) {
      return null;
    }
    if (s.isBlank()) {
      error(name, "must not be blank");
      return null;
    }
    if (s.codePointCount(0, s.length()) > max) {
      error(
          name,
          "must be at most " + max + " characters but has " + s.codePointCount(0, s.length()));
      return null;
    }
    return s;
  }

  /** An id: follows the {@link IdRule} with {@code maxLength} code points. */
  String id(String name, boolean required, int maxLength) {
    String s = text(name, required);
    return s == null || checkId(name, s, maxLength) ? s : null;
  }

  private boolean checkId(String name, String id, int maxLength) {
    String violation = new IdRule(maxLength).violation(id);
    if (violation != null) {
      error(name, violation);
      return false;
    }
    return true;
  }

  /**
   * A positive amount, given as a JSON number or a string such as {@code "19.99"}, with at most
   * {@value #MAX_AMOUNT_SCALE} decimals and below {@code 10^14}; canonical: no trailing zeros after
   * the point and never an exponent ({@code 500.00} → {@code 500}). A string longer than
   * {@value #MAX_AMOUNT_TEXT} characters is refused before it is parsed.
   */
  BigDecimal amount(String name, boolean required) {
    JsonNode v = given(name);
    if (v == null) {
      if (required) {
        required(name);
      }
      return null;
    }
    BigDecimal d;
    String given = v.asText();
    if (v.isNumber()) {
      d = v.decimalValue();
    } else if (v.isTextual()) {
      if (given.length() > MAX_AMOUNT_TEXT) {
        error(
            name,
            "must be a decimal number of at most "
                + MAX_AMOUNT_TEXT
                + " characters but has "
                + given.length());
        return null;
      }
      try {
        d = new BigDecimal(given.trim());
      } catch (NumberFormatException e) {
        error(name, "must be a decimal number such as 19.99 but was \"" + abbreviate(given) + "\"");
        return null;
      }
    } else {
      error(
          name, "must be a number (or a decimal string such as \"19.99\") but was " + describe(v));
      return null;
    }
    // The range is checked before anything that scales the number: 1e999999999 is a valid
    // BigDecimal
    // whose plain form has a billion digits. Messages quote the number as given, abbreviated.
    if (d.signum() <= 0) {
      error(name, "must be positive but was " + abbreviate(given));
      return null;
    }
    if (d.compareTo(MAX_AMOUNT) >= 0) {
      error(name, "must be less than 10^14 but was " + abbreviate(given));
      return null;
    }
    BigDecimal c = canonical(d);
    if (c.scale() > MAX_AMOUNT_SCALE) {
      error(
          name, "must have at most " + MAX_AMOUNT_SCALE + " decimals but was " + abbreviate(given));
      return null;
    }
    return c;
  }

  /**
   * {@code d} without trailing zeros after the point and with a scale of at least 0. Only for
   * numbers already known to be below {@link #MAX_AMOUNT}: a huge exponent makes it explode.
   */
  static BigDecimal canonical(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /** A whole JSON number in {@code [min, max]}, or null when not given or invalid. */
  Long whole(String name, long min, long max) {
    JsonNode v = given(name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() && !(v.isNumber() && isWhole(v.decimalValue()))) {
      error(
          name,
          "must be a whole number in "
              + min
              + ".."
              + max
              + " but was "
              + (v.isNumber() ? v.asText() : describe(v)));
      return null;
    }
    BigDecimal d = v.decimalValue();
    if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      error(name, "must be in " + min + ".." + max + " but was " + abbreviate(v.asText()));
      return null;
    }
    return d.longValueExact();
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /**
   * An ISO-8601 date-time with an offset, as an instant truncated to milliseconds (what is stored),
   * between {@link #MIN_INSTANT} and {@link #MAX_INSTANT}: ISO-8601 allows years up to ±999,999,999,
   * which no millisecond arithmetic (budgets per day, KPI series) can handle.
   */
  Instant instant(String name, boolean required) {
    String s = text(name, required);
    if (s == null) {
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      error(
          name,
          "must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T00:00:00+01:00 or "
              + "2026-03-01T00:00:00Z, but was \""
              + abbreviate(s)
              + "\"");
      return null;
    }
    if (t.isBefore(MIN_INSTANT) || t.isAfter(MAX_INSTANT)) {
      error(
          name,
          "must be between "
              + MIN_INSTANT
              + " and "
              + MAX_INSTANT
              + " but was \""
              + abbreviate(s)
              + "\"");
      return null;
    }
    return t;
  }

  /** An absolute http or https URL of at most 2,048 characters. */
  String url(String name, boolean required) {
    String s = text(name, required);
    if (s == null) {
      return null;
    }
    String problem = null;
    if (s.length() > 2048) {
      problem = "must be at most 2048 characters but has " + s.length();
    } else {
      try {
        URI u = new URI(s);
        String scheme = u.getScheme();
        if (scheme == null
            || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || u.getHost() == null
            || u.getHost().isEmpty()) {
          problem =
              "must be an absolute http or https URL such as https://shop.example/sale but was \""
                  + abbreviate(s)
                  + "\"";
        }
      } catch (URISyntaxException e) {
        problem = "must be a valid URL: " + e.getMessage();
      }
    }
    if (problem != null) {
      error(name, problem);
      return null;
    }
    return s;
  }

  /** A nested object, or null when not given or not an object. */
  FieldReader object(String name, boolean required, List<String> known) {
    JsonNode v = given(name);
    if (v == null) {
      if (required) {
        required(name);
      }
      return null;
    }
    if (!v.isObject()) {
      error(name, "must be a JSON object but was " + describe(v));
      return null;
    }
    return new FieldReader((ObjectNode) v, path(name) + ".", errors, known, List.of());
  }

  /**
   * A non-empty array of distinct ids, at most {@code maxEntries}; elements are named
   * {@code name[i]}. Null when not given (reported when {@code required}) or invalid.
   */
  List<String> ids(String name, boolean required, int maxEntries, int maxLength) {
    JsonNode v = given(name);
    if (v == null) {
      if (required) {
        required(name);
      }
      return null;
    }
    if (!v.isArray()) {
      error(name, "must be an array of strings but was " + describe(v));
      return null;
    }
    if (v.isEmpty()) {
      error(name, "must not be empty");
      return null;
    }
    if (v.size() > maxEntries) {
      error(name, "must have at most " + maxEntries + " entries but has " + v.size());
      return null;
    }
    List<String> out = new ArrayList<>(v.size());
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String element = name + "[" + i + "]";
      if (!e.isTextual()) {
        error(element, "must be a string but was " + describe(e));
        ok = false;
      } else if (!checkId(element, e.textValue(), maxLength)) {
        ok = false;
      } else if (out.contains(e.textValue())) {
        error(element, "\"" + abbreviate(e.textValue()) + "\" appears more than once");
        ok = false;
      } else {
        out.add(e.textValue());
      }
    }
    return ok ? out : null;
  }

  static String describe(JsonNode v) {
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    return v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
