package io.mercato.app.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns CSV rows into event JSON objects following a {@link CsvMapping}. CSV values are strings, so:
 * <ul>
 *   <li>{@code value} becomes a JSON number when it parses as a finite decimal number;</li>
 *   <li>{@code timestamp} becomes epoch milliseconds from epoch-millisecond digits
 *       ({@code 1767225600000}), a plain date {@code yyyy-MM-dd} (midnight UTC), or a date-time without
 *       a zone {@code yyyy-MM-dd[T| ]HH:mm[:ss[.SSS]]} (read as UTC); an ISO-8601 date-time with an
 *       offset ({@code 2026-11-24T12:00:00Z}) is passed on as is;</li>
 *   <li>empty cells are left out (absent), other columns become string attributes.</li>
 * </ul>
 * A value that does not convert is passed on unchanged, so that the engine's validator rejects the
 * event with its usual precise message (and it lands in the dead-letter log).
 */
public final class CsvRowConverter {
  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern LOCAL_DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

  private final String[] header;
  private final CsvMapping.Target[] targets;

  /**
   * @throws IllegalArgumentException when the mapping names a column the header lacks, two columns
   *     feed one field, a column name repeats, or no column provides a required field
   */
  public CsvRowConverter(String[] header, CsvMapping mapping) {
    this.header = header.clone();
    this.targets = new CsvMapping.Target[header.length];
    Map<String, String> fieldSource = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String col = header[i];
      if (seen.put(col, i) != null) {
        throw new IllegalArgumentException("the CSV header names column \"" + col + "\" twice");
      }
      CsvMapping.Target t = mapping.targetOf(col);
      targets[i] = t;
      String key =
          t instanceof CsvMapping.Field f
              ? f.name()
              : t instanceof CsvMapping.Attribute a ? CsvMapping.ATTRIBUTE_PREFIX + a.key() : null;
      if (key != null) {
        String previous = fieldSource.put(key, col);
        if (previous != null) {
          throw new IllegalArgumentException(
              "columns \""
                  + previous
                  + "\" and \""
                  + col
                  + "\" both map to "
                  + key
                  + "; drop one with --map "
                  + col
                  + "=");
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String col : mapping.mappedColumns()) {
      if (!seen.containsKey(col)) {
        missing.add(col);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "--map names column(s) "
              + missing
              + " that the CSV header does not have; "
              + "the header is: "
              + String.join(", ", header));
    }
    for (String required : List.of("type", "user_id", "timestamp")) {
      if (!fieldSource.containsKey(required)) {
        throw new IllegalArgumentException(
            "no CSV column provides the required field "
                + required
                + " (header: "
                + String.join(", ", header)
                + "); map one with --map COLUMN="
                + required);
      }
    }
  }

  /** Number of columns of the header. */
  public int columns() {
    return header.length;
  }

  /**
   * Writes {@code row} as one event object with {@code g}.
   *
   * @return null, or why the row cannot be converted (nothing is written then)
   */
  public String write(String[] row, JsonGenerator g) throws IOException {
    if (row.length > header.length) {
      return "the row has "
          + row.length
          + " values but the header has "
          + header.length
          + " columns";
    }
    g.writeStartObject();
    boolean attributes = false;
    for (int i = 0; i < row.length; i++) {
      String v = row[i];
      if (v == null || v.isEmpty() || targets[i] instanceof CsvMapping.Drop) {
        continue;
      }
      if (targets[i] instanceof CsvMapping.Field f) {
        writeField(f.name(), v, g);
      }
    }
    for (int i = 0; i < row.length; i++) {
      String v = row[i];
      if (v != null && !v.isEmpty() && targets[i] instanceof CsvMapping.Attribute a) {
        if (!attributes) {
          g.writeObjectFieldStart("attributes");
          attributes = true;
        }
        g.writeStringField(a.key(), v);
      }
    }
    if (attributes) {
      g.writeEndObject();
    }
    g.writeEndObject();
    return null;
  }

  private static void writeField(String field, String v, JsonGenerator g) throws IOException {
    switch (field) {
      case "value" -> {
        Double d = parseNumber(v);
        if (d != null) {
          g.writeNumberField(field, d);
        } else {
          g.writeStringField(field, v);
        }
      }
      case "timestamp" -> {
        Object ts = timestamp(v);
        if (ts instanceof Long millis) {
          g.writeNumberField(field, millis);
        } else {
          g.writeStringField(field, (String) ts);
        }
      }
      default -> g.writeStringField(field, v);
    }
  }

  /** A finite number, or null. */
  static Double parseNumber(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Epoch millis as a Long when the text is in one of the CSV forms, else the text (ISO or invalid). */
  static Object timestamp(String v) {
    String t = v.trim();
    try {
      if (DIGITS.matcher(t).matches()) {
        return Long.parseLong(t);
      }
      if (DATE.matcher(t).matches()) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (LOCAL_DATE_TIME.matcher(t).matches()) {
        return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    } catch (DateTimeParseException e) {
      return t; // e.g. month 13: the validator explains
    }
    if (t.length() > 10 && t.charAt(10) == ' ') {
      return t.substring(0, 10) + 'T' + t.substring(11); // "2026-11-24 12:00:00Z"
    }
    return t;
  }
}
