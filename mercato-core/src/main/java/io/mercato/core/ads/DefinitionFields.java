package io.mercato.core.ads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.error.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The definition reader of campaigns and ads ({@link FieldReader}) opened to definitions kept in other
 * packages (experiments), so that every definition applies the same rules with the same messages:
 * ids, labels, instants, amounts, unknown and server-set members. Each broken rule is recorded as a
 * {@link FieldError} named by its path ({@code arms[1].payload.strategy}) instead of stopping at the
 * first. A member that is absent or JSON {@code null} is "not given".
 *
 * <p>It delegates and adds nothing but the two element readers; the rules stay in {@code FieldReader}.
 * Not thread-safe; one per object read.
 */
public final class DefinitionFields {
  private final FieldReader reader;
  private final ObjectNode node;
  private final String prefix;
  private final List<FieldError> errors;

  private DefinitionFields(
      FieldReader reader, ObjectNode node, String prefix, List<FieldError> errors) {
    this.reader = reader;
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /**
   * A reader of the top-level object {@code node}; unknown members and {@code serverSet} members are
   * recorded as errors at once.
   *
   * @param errors where every broken rule is added (shared by every nested reader)
   */
  public static DefinitionFields of(
      ObjectNode node, List<FieldError> errors, List<String> known, List<String> serverSet) {
    return at(node, "", errors, known, serverSet);
  }

  private static DefinitionFields at(
      ObjectNode node,
      String prefix,
      List<FieldError> errors,
      List<String> known,
      List<String> serverSet) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(errors, "errors");
    return new DefinitionFields(
        new FieldReader(node, prefix, errors, known, serverSet), node, prefix, errors);
  }

  /** The full path of member {@code name} of this object, e.g. {@code holdouts.global}. */
  public String path(String name) {
    return reader.path(name);
  }

  /** Records a broken rule of member {@code name}. */
  public void error(String name, String message) {
    reader.error(name, message);
  }

  /** True when a rule about {@code name} (or a member of it) was already broken. */
  public boolean reported(String name) {
    return reader.reported(name);
  }

  /** The member's JSON value, or null when it is absent or JSON {@code null}. */
  public JsonNode given(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** Records "is required" for {@code name} unless a rule about it was already broken. */
  public void required(String name) {
    if (!reader.reported(name)) {
      reader.error(name, "is required");
    }
  }

  /** A string member; null when not given (reported when {@code required}) or not a string. */
  public String text(String name, boolean required) {
    return reader.text(name, required);
  }

  /** A non-blank string of at most {@code max} characters. */
  public String label(String name, boolean required, int max) {
    return reader.label(name, required, max);
  }

  /** An id: non-blank, at most {@code maxLength} code points, no control characters. */
  public String id(String name, boolean required, int maxLength) {
    return reader.id(name, required, maxLength);
  }

  /** An ISO-8601 date-time with an offset, as an instant truncated to milliseconds. */
  public Instant instant(String name, boolean required) {
    return reader.instant(name, required);
  }

  /** A positive amount with at most 6 decimals and below 10^14, canonical. */
  public BigDecimal amount(String name, boolean required) {
    return reader.amount(name, required);
  }

  /** A whole JSON number in {@code [min, max]}, or null when not given or invalid. */
  public Long whole(String name, long min, long max) {
    return reader.whole(name, min, max);
  }

  /** A nested object's reader, or null when not given (reported when {@code required}) or not an object. */
  public DefinitionFields object(String name, boolean required, List<String> known) {
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
    return at((ObjectNode) v, path(name) + ".", errors, known, List.of());
  }

  /**
   * A reader of element {@code index} of array member {@code name}, or null (reported) when the
   * element is not an object. Its members are named {@code name[index].member}.
   */
  public DefinitionFields element(String name, int index, JsonNode element, List<String> known) {
    String at = name + "[" + index + "]";
    if (element == null || !element.isObject()) {
      error(at, "must be a JSON object but was " + (element == null ? "null" : describe(element)));
      return null;
    }
    return at((ObjectNode) element, path(at) + ".", errors, known, List.of());
  }

  /** The path prefix of this object's members ({@code ""} at the top, {@code "bandit."} nested). */
  public String prefix() {
    return prefix;
  }

  /** "an object", "a string", ... for messages. */
  public static String describe(JsonNode v) {
    return FieldReader.describe(v);
  }

  /** {@code s} cut to 64 characters for messages. */
  public static String abbreviate(String s) {
    return FieldReader.abbreviate(s);
  }
}
