package io.mercato.core.catalog;

import io.mercato.core.event.EventLimits;
import io.mercato.core.json.JsonBatch;
import io.mercato.core.text.IdRule;
import io.mercato.core.text.Unicode;
import java.util.Map;

/**
 * The rules of a catalog item, checked on a draft; every violated rule is added to the draft's
 * errors. Ids ({@code item_id}, {@code category}) and attributes follow the event contract's rules and
 * limits ({@link EventLimits}), with the same messages, so a client learns one set of rules:
 * ids follow the {@link IdRule} with {@link EventLimits#maxIdLength()} code points; at most
 * {@link EventLimits#maxAttributes()} attributes with bounded name and string value lengths, names and
 * strings without unpaired surrogates, and finite numbers. {@code price} is a finite number {@code >= 0}.
 */
final class ItemRules {
  private final EventLimits limits;
  private final IdRule ids;

  ItemRules(EventLimits limits) {
    this.limits = limits;
    this.ids = new IdRule(limits.maxIdLength());
  }

  void check(ItemDraft d) {
    checkId(d, "item_id", d.itemId, true);
    checkId(d, "category", d.category, false);
    if (d.price != null) {
      if (!Double.isFinite(d.price)) {
        d.error("price", "must be a finite number but was " + d.price);
      } else if (d.price < 0) {
        d.error("price", "must not be negative but was " + d.price);
      }
    }
    checkAttributes(d);
  }

  private void checkId(ItemDraft d, String field, String id, boolean required) {
    if (id == null) {
      if (required && !d.reported(field)) {
        d.error(field, "is required");
      }
      return;
    }
    String violation = ids.violation(id);
    if (violation != null) {
      d.error(field, violation);
    }
  }

  private void checkAttributes(ItemDraft d) {
    if (d.attributes.size() > limits.maxAttributes()) {
      d.error(
          "attributes",
          "must have at most "
              + limits.maxAttributes()
              + " entries but has "
              + d.attributes.size());
    }
    for (Map.Entry<String, Object> e : d.attributes.entrySet()) {
      String key = e.getKey();
      String field = "attributes." + abbreviate(key);
      String badName = Unicode.textViolation(key);
      if (key.isEmpty()) {
        d.error("attributes", "attribute names must not be empty");
      } else if (badName != null) {
        d.error("attributes", "an attribute name " + badName);
        continue; // the name cannot be shown as a field
      } else if (key.codePointCount(0, key.length()) > limits.maxAttributeKeyLength()) {
        d.error(field, "name must be at most " + limits.maxAttributeKeyLength() + " characters");
      }
      Object v = e.getValue();
      if (v instanceof String s) {
        if (s.codePointCount(0, s.length()) > limits.maxAttributeValueLength()) {
          d.error(
              field,
              "must be at most "
                  + limits.maxAttributeValueLength()
                  + " characters but has "
                  + s.codePointCount(0, s.length()));
        } else if (Unicode.textViolation(s) != null) {
          d.error(field, Unicode.textViolation(s));
        }
      } else if (v instanceof Double dv && !Double.isFinite(dv)) {
        d.error(field, "must be a finite number but was " + dv);
      }
    }
  }

  static String abbreviate(String s) {
    return JsonBatch.abbreviate(s);
  }
}
