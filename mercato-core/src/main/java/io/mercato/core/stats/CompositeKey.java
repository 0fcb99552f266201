package io.mercato.core.stats;

import io.mercato.core.event.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A statistics scope over several event fields, e.g. {@code campaign_id+category} or
 * {@code ad_id+attributes.placement}, because marketers slice by more than one dimension. The key
 * of an event is its field values joined by {@code |}, in declaration order; an event lacking any
 * of the fields is not counted in the scope. Inside a value, {@code \} and {@code |} are escaped as
 * {@code \\} and {@code \|}, so values that hold the separator cannot make two keys equal
 * ({@code "a|b"+"c"} and {@code "a"+"b|c"}); a value without either character is written as it is.
 */
public final class CompositeKey {
  /** Fields a composite key may use; attributes are named {@code attributes.<name>}. */
  public static final List<String> FIELDS =
      List.of("user_id", "item_id", "ad_id", "campaign_id", "category", "type");

  private final String name;
  private final String[] fields;

  /** One accessor per field, resolved once: keyOf runs for every event and composite key. */
  private final Function<Event, String>[] values;

  /**
   * @param name fields joined by {@code +}, e.g. {@code campaign_id+category}
   * @throws IllegalArgumentException naming the bad field and the valid ones
   */
  public CompositeKey(String name) {
    this.name = Objects.requireNonNull(name, "composite key");
    this.fields = name.split("\\+");
    if (fields.length < 2) {
      throw new IllegalArgumentException(
          "composite key " + name + " must join at least two fields with '+'");
    }
    for (String f : fields) {
      if (!FIELDS.contains(f)
          && !(f.startsWith("attributes.") && f.length() > "attributes.".length())) {
        throw new IllegalArgumentException(
            "composite key "
                + name
                + ": unknown field '"
                + f
                + "'; valid: "
                + FIELDS
                + " or attributes.<name>");
      }
    }
    @SuppressWarnings("unchecked")
    Function<Event, String>[] v = new Function[fields.length];
    for (int i = 0; i < fields.length; i++) {
      v[i] = accessor(fields[i]);
    }
    this.values = v;
  }

  public String name() {
    return name;
  }

  /** The key of {@code e} in this scope, or null when a field is missing. */
  public String keyOf(Event e) {
    String first = values[0].apply(e);
    if (first == null) {
      return null; // most events lack some field: decide before building anything
    }
    String second = values[1].apply(e);
    if (second == null) {
      return null;
    }
    StringBuilder sb =
        new StringBuilder(first.length() + second.length() + 1 + (values.length - 2) * 16);
    appendEscaped(sb, first);
    appendEscaped(sb.append('|'), second);
    for (int i = 2; i < values.length; i++) {
      String v = values[i].apply(e);
      if (v == null) {
        return null;
      }
      appendEscaped(sb.append('|'), v);
    }
    return sb.toString();
  }

  /** The key of the given field values, escaped and joined as {@link #keyOf} does. */
  public static String join(String... fieldValues) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fieldValues.length; i++) {
      appendEscaped(i == 0 ? sb : sb.append('|'), fieldValues[i]);
    }
    return sb.toString();
  }

  private static void appendEscaped(StringBuilder sb, String v) {
    if (v.indexOf('|') < 0 && v.indexOf('\\') < 0) {
      sb.append(v); // the common case
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '|' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
  }

  private static Function<Event, String> accessor(String field) {
    return switch (field) {
      case "user_id" -> Event::userId;
      case "item_id" -> Event::itemId;
      case "ad_id" -> Event::adId;
      case "campaign_id" -> Event::campaignId;
      case "category" -> Event::category;
      case "type" -> Event::type;
      default -> {
        String attribute = field.substring("attributes.".length());
        yield e -> {
          Object v = e.attributes().get(attribute);
          return v == null ? null : v.toString();
        };
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompositeKey k && Arrays.equals(fields, k.fields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  @Override
  public String toString() {
    return name;
  }
}
