package io.mercato.core.stats;

import io.mercato.core.event.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A statistics scope over several event fields, e.g. {@code campaign_id+category} or
 * {@code ad_id+attributes.placement}, because marketers slice by more than one dimension. The key
 * of an event is its field values joined by {@code |}, in declaration order; an event lacking any
 * of the fields is not counted in the scope.
 */
public final class CompositeKey {
  /** Fields a composite key may use; attributes are named {@code attributes.<name>}. */
  public static final List<String> FIELDS = List.of("user_id", "item_id", "ad_id", "campaign_id", "category", "type");
  private final String name;
  private final String[] fields;

  /**
   * @param name fields joined by {@code +}, e.g. {@code campaign_id+category}
   * @throws IllegalArgumentException naming the bad field and the valid ones
   */
  public CompositeKey(String name) {
    this.name = Objects.requireNonNull(name, "composite key");
    this.fields = name.split("\\+");
    if (fields.length < 2) {
      throw new IllegalArgumentException("composite key " + name + " must join at least two fields with '+'");
    }
    for (String f : fields) {
      if (!FIELDS.contains(f) && !(f.startsWith("attributes.") && f.length() > "attributes.".length())) {
        throw new IllegalArgumentException("composite key " + name + ": unknown field '" + f + "'; valid: "
            + FIELDS + " or attributes.<name>");
      }
    }
  }

  public String name() {
    return name;
  }

  /** The key of {@code e} in this scope, or null when a field is missing. */
  public String keyOf(Event e) {
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < fields.length; i++) {
      String v = valueOf(e, fields[i]);
      if (v == null) {
        return null;
      }
      if (i > 0) {
        sb.append('|');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  private static String valueOf(Event e, String field) {
    return switch (field) {
      case "user_id" -> e.userId();
      case "item_id" -> e.itemId();
      case "ad_id" -> e.adId();
      case "campaign_id" -> e.campaignId();
      case "category" -> e.category();
      case "type" -> e.type();
      default -> {
        Object v = e.attributes().get(field.substring("attributes.".length()));
        yield v == null ? null : v.toString();
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
