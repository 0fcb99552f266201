package io.mercato.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads the {@code attributes} member of an event or a catalog item, one rule for both: a flat JSON
 * object of strings, numbers and booleans ({@code null} means absent). Integers beyond a long become
 * doubles; names and strings must be well-formed UTF-8; a name given twice, a nested value or a
 * non-object is an error on the attribute's field ({@code attributes.<name>}) or on
 * {@code attributes}. Limits on count, names and lengths are the validator's.
 */
public final class FlatAttributes {
  private FlatAttributes() {}

  /**
   * Reads the value starting at token {@code t} into {@code into}, reporting each fault to
   * {@code errors} as (field, message) and skipping the faulty value.
   *
   * @param base the body offset the parser started at (for the UTF-8 fault positions)
   */
  public static void read(
      JsonParser p,
      JsonToken t,
      Map<String, Object> into,
      Utf8Body utf8,
      int base,
      BiConsumer<String, String> errors)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      errors.accept("attributes", "must be a JSON object but was " + JsonBatch.describe(t));
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String keyFault = utf8.wellFormed() ? null : utf8.tokenFault(p, base);
      JsonToken v = p.nextToken();
      String field = "attributes." + JsonBatch.abbreviate(key);
      if (keyFault != null) {
        errors.accept("attributes", "an attribute name " + keyFault);
        p.skipChildren();
        continue;
      }
      if (v == JsonToken.VALUE_STRING && !utf8.wellFormed()) {
        String fault = utf8.tokenFault(p, base);
        if (fault != null) {
          errors.accept(field, fault);
          continue;
        }
      }
      if (into.containsKey(key)) {
        errors.accept(field, "appears more than once");
        p.skipChildren();
        continue;
      }
      switch (v) {
        case VALUE_STRING -> into.put(key, p.getText());
        case VALUE_NUMBER_INT ->
            into.put(
                key,
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) p.getDoubleValue()
                    : (Object) p.getLongValue());
        case VALUE_NUMBER_FLOAT -> into.put(key, p.getDoubleValue());
        case VALUE_TRUE -> into.put(key, Boolean.TRUE);
        case VALUE_FALSE -> into.put(key, Boolean.FALSE);
        case VALUE_NULL -> {} // null means absent
        default -> {
          errors.accept(
              field,
              "must be a string, number or boolean (attributes are flat) but was "
                  + JsonBatch.describe(v));
          p.skipChildren();
        }
      }
    }
  }
}
