package io.mercato.app.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How CSV columns become event fields, from {@code --map col=field,...}:
 * <ul>
 *   <li>{@code col=field} renames a column to an event field ({@code event_id}, {@code type},
 *       {@code user_id}, {@code item_id}, {@code ad_id}, {@code campaign_id}, {@code category},
 *       {@code value}, {@code timestamp});</li>
 *   <li>{@code col=attributes.key} keeps it as an attribute named {@code key};</li>
 *   <li>{@code col=} (empty) drops the column.</li>
 * </ul>
 * An unmapped column keeps its name when that is an event field and otherwise becomes a string
 * attribute of the same name.
 */
public final class CsvMapping {
  /** The scalar event fields a column can map to. */
  public static final List<String> FIELDS =
      List.of(
          "event_id",
          "type",
          "user_id",
          "item_id",
          "ad_id",
          "campaign_id",
          "category",
          "value",
          "timestamp");

  private static final Set<String> FIELD_SET = Set.copyOf(FIELDS);
  static final String ATTRIBUTE_PREFIX = "attributes.";

  /** Where a column goes. */
  public sealed interface Target {}

  /** An event field. */
  public record Field(String name) implements Target {}

  /** A string attribute. */
  public record Attribute(String key) implements Target {}

  /** Nowhere. */
  public record Drop() implements Target {}

  private final Map<String, Target> explicit;

  private CsvMapping(Map<String, Target> explicit) {
    this.explicit = explicit;
  }

  /** No renames. */
  public static CsvMapping identity() {
    return new CsvMapping(Map.of());
  }

  /**
   * Parses {@code col=target} entries.
   *
   * @throws IllegalArgumentException naming the bad entry and the accepted targets
   */
  public static CsvMapping parse(List<String> entries) {
    Map<String, Target> m = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--map entry \"" + entry + "\" must look like column=field, e.g. itemId=item_id");
      }
      String column = entry.substring(0, eq).trim();
      String target = entry.substring(eq + 1).trim();
      Target t;
      if (target.isEmpty()) {
        t = new Drop();
      } else if (FIELD_SET.contains(target)) {
        t = new Field(target);
      } else if (target.startsWith(ATTRIBUTE_PREFIX)
          && target.length() > ATTRIBUTE_PREFIX.length()) {
        t = new Attribute(target.substring(ATTRIBUTE_PREFIX.length()));
      } else {
        throw new IllegalArgumentException(
            "--map "
                + entry
                + ": \""
                + target
                + "\" is not an event field; expected one of "
                + String.join(", ", FIELDS)
                + ", attributes.<name>, or nothing (col=) to drop the column");
      }
      if (m.put(column, t) != null) {
        throw new IllegalArgumentException("--map names column \"" + column + "\" more than once");
      }
    }
    return new CsvMapping(Map.copyOf(m));
  }

  /** Columns named by {@code --map}. */
  public Set<String> mappedColumns() {
    return explicit.keySet();
  }

  /** Where {@code column} goes. */
  public Target targetOf(String column) {
    Target t = explicit.get(column);
    if (t != null) {
      return t;
    }
    return FIELD_SET.contains(column) ? new Field(column) : new Attribute(column);
  }
}
