package io.mercato.core.catalog;

import io.mercato.core.event.EventLimits;
import java.util.Map;

/**
 * The rules of a catalog item, checked on a draft; every violated rule is added to the draft's
 * errors. Ids ({@code item_id}, {@code category}) and attributes follow the event contract's rules and
 * limits ({@link EventLimits}), with the same messages, so a client learns one set of rules:
 * ids are non-blank, at most {@link EventLimits#maxIdLength()} code points, without control
 * characters; at most {@link EventLimits#maxAttributes()} attributes with bounded name and string
 * value lengths and finite numbers. {@code price} is a finite number {@code >= 0}.
 */
final class ItemRules {
  private final EventLimits limits;

  ItemRules(EventLimits limits) {
    this.limits = limits;
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
    if (id.isBlank()) {
      d.error(field, "must not be blank");
      return;
    }
    int max = limits.maxIdLength();
    if (id.length() > max && id.codePointCount(0, id.length()) > max) {
      d.error(field, "must be at most " + max + " characters but has " + id.codePointCount(0, id.length()));
      return;
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        d.error(field, "must not contain control characters (found U+"
            + String.format("%04X", (int) id.charAt(i)) + " at position " + i + ")");
        return;
      }
    }
  }

  private void checkAttributes(ItemDraft d) {
    if (d.attributes.size() > limits.maxAttributes()) {
      d.error("attributes", "must have at most " + limits.maxAttributes() + " entries but has " + d.attributes.size());
    }
    for (Map.Entry<String, Object> e : d.attributes.entrySet()) {
      String key = e.getKey();
      String field = "attributes." + abbreviate(key);
      if (key.isEmpty()) {
        d.error("attributes", "attribute names must not be empty");
      } else if (key.codePointCount(0, key.length()) > limits.maxAttributeKeyLength()) {
        d.error(field, "name must be at most " + limits.maxAttributeKeyLength() + " characters");
      }
      Object v = e.getValue();
      if (v instanceof String s) {
        if (s.codePointCount(0, s.length()) > limits.maxAttributeValueLength()) {
          d.error(field, "must be at most " + limits.maxAttributeValueLength() + " characters but has "
              + s.codePointCount(0, s.length()));
        }
      } else if (v instanceof Double dv && !Double.isFinite(dv)) {
        d.error(field, "must be a finite number but was " + dv);
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
