package io.mercato.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.error.FieldError;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the members of one JSON object of a rule, recording each broken rule as a {@link FieldError}
 * named by its path ({@code trigger.every}, {@code actions[2].amount}) instead of stopping at the
 * first. Absent and {@code null} members are "not given". Only structure and types are checked
 * here; what the values mean is {@link RuleCompiler}'s. (The campaign reader's equivalent is
 * package-private to its package; this one knows durations, which campaigns do not have.)
 */
final class JsonFields {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d)");

  private final ObjectNode node;
  private final String prefix;
  final List<FieldError> errors;

  JsonFields(ObjectNode node, String prefix, List<FieldError> errors, List<String> known) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        error(
            name.length() > 64 ? name.substring(0, 61) + "..." : name,
            "is not a known field; expected one of " + String.join(", ", known));
      }
    }
  }

  void error(String name, String message) {
    errors.add(new FieldError(prefix + name, message));
  }

  private JsonNode given(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String name) {
    return given(name) != null;
  }

  private JsonNode require(String name, boolean required) {
    JsonNode v = given(name);
    if (v == null && required) {
      error(name, "is required");
    }
    return v;
  }

  String text(String name, boolean required) {
    JsonNode v = require(name, required);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      error(name, "must be a string but was " + describe(v));
      return null;
    }
    return v.textValue();
  }

  Boolean bool(String name, boolean fallback) {
    JsonNode v = given(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      error(name, "must be true or false but was " + describe(v));
      return fallback;
    }
    return v.booleanValue();
  }

  /** A JSON number (or a decimal string), kept exact. */
  BigDecimal decimal(String name, boolean required) {
    JsonNode v = require(name, required);
    if (v == null) {
      return null;
    }
    try {
      if (v.isNumber()) {
        return v.decimalValue();
      }
      if (v.isTextual()) {
        return new BigDecimal(v.textValue().trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(name, "must be a number but was " + describe(v));
    return null;
  }

  long whole(String name, long fallback, long min, long max) {
    JsonNode v = given(name);
    if (v == null) {
      return fallback;
    }
    if (!v.canConvertToExactIntegral()
        || !v.canConvertToLong()
        || v.longValue() < min
        || v.longValue() > max) {
      error(name, "must be a whole number in [" + min + ", " + max + "] but was " + v);
      return fallback;
    }
    return v.longValue();
  }

  /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT5M}). */
  Duration duration(String name, boolean required) {
    String s = text(name, required);
    if (s == null) {
      return null;
    }
    Duration d = parseDuration(s);
    if (d == null) {
      error(
          name,
          "must be a duration such as 30s, 5m, 2h, 1d or PT5M but was \"" + abbreviate(s) + "\"");
    }
    return d;
  }

  static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  Instant instant(String name) {
    String s = text(name, false);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      error(
          name,
          "must be an ISO-8601 date-time with an offset such as 2026-12-31T00:00:00Z but was \""
              + abbreviate(s)
              + "\"");
      return null;
    }
  }

  /** An array of strings (possibly empty); duplicates reported. */
  Set<String> strings(String name) {
    JsonNode v = given(name);
    Set<String> out = new LinkedHashSet<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      error(name, "must be an array of strings but was " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        error(name + "[" + i + "]", "must be a string but was " + describe(e));
      } else if (!out.add(e.textValue())) {
        error(name + "[" + i + "]", "\"" + abbreviate(e.textValue()) + "\" appears more than once");
      }
    }
    return out;
  }

  JsonFields object(String name, boolean required, List<String> known) {
    JsonNode v = require(name, required);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      error(name, "must be a JSON object but was " + describe(v));
      return null;
    }
    return new JsonFields((ObjectNode) v, prefix + name + ".", errors, known);
  }

  /** The objects of an array member, each read with its own path ({@code actions[1].}). */
  List<ObjectNode> objects(String name) {
    JsonNode v = require(name, true);
    List<ObjectNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      error(name, "must be an array but was " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i).isObject()) {
        out.add((ObjectNode) v.get(i));
      } else {
        error(name + "[" + i + "]", "must be a JSON object but was " + describe(v.get(i)));
        out.add(null);
      }
    }
    return out;
  }

  String path(String name) {
    return prefix + name;
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
    return v.isBoolean() ? "a boolean" : v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
