package io.mercato.core.catalog;

import static io.mercato.core.json.JsonBatch.describe;
import static io.mercato.core.json.JsonBatch.malformed;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventDraft;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.core.event.EventLimits;
import io.mercato.core.json.FlatAttributes;
import io.mercato.core.json.JsonBatch;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes and validates catalog items with Jackson's streaming parser. An item is a JSON object:
 * <pre>{@code {"item_id": "p-7", "category": "shoes", "price": 59.9, "available": true,
 *  "attributes": {"brand": "acme", "size": 42, "eco": true}}}</pre>
 *
 * <p>Rules (see {@link ItemRules}): {@code item_id} is required (in {@link #readItem} it may be left
 * out and is then the request's id); {@code category} is an optional id; {@code price} an optional
 * finite JSON number {@code >= 0} (a string such as {@code "19.99"} is refused, not guessed at);
 * {@code available} an optional boolean, true when absent; {@code attributes} a flat object with the
 * event contract's limits. {@code null} for an optional member means absent. Unknown members and
 * members given twice are rejected, not stored as attributes: a typo such as {@code "availabel"}
 * must not silently leave an item recommendable. {@code updated_at} and {@code source}, which reads
 * return, are set by the server and rejected when sent. Every violated rule is reported with its
 * field. Every item read is stamped with the clock's time as {@link CatalogItem#updatedMillis()}.
 *
 * <p>Catalog batches are all-or-nothing: {@link #readBatch} returns every item or throws
 * {@link InvalidItemsException} listing each invalid one. Framing errors follow the event reader:
 * malformed JSON in an object or array body throws {@link MalformedInputException} with the
 * position, an empty body or a scalar root throws {@link ValidationException} on field {@code body};
 * in NDJSON a malformed line is one invalid item (field {@code item}). UTF-8 is read strictly
 * ({@link Utf8Body}): malformed or overlong bytes and code points beyond U+10FFFF in a member make
 * that item invalid on that field ({@code "must be well-formed UTF-8: ..."}); outside any string they
 * make the line or body malformed. Thread-safe.
 */
public final class CatalogJsonReader {
  /** Items are flat; anything nested deeper than this is refused outright. */
  public static final int MAX_NESTING = JsonBatch.MAX_NESTING;

  /** Members that reads return but the server sets. */
  private static final List<String> READ_ONLY = List.of("updated_at", "source");

  private final ItemRules rules;
  private final InstantSource clock;

  /**
   * @param limits id, attribute count and length limits (those of the events)
   * @param clock  stamps {@link CatalogItem#updatedMillis()}
   */
  public CatalogJsonReader(EventLimits limits, InstantSource clock) {
    this.rules = new ItemRules(Objects.requireNonNull(limits, "limits"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Decodes a batch: one item object, a JSON array of them ({@link Format#JSON}) or one per line
   * ({@link Format#NDJSON}; blank lines are skipped and take no index). An empty array is a valid,
   * empty batch. Items keep their batch order; a later item with the same id replaces an earlier one
   * when stored.
   *
   * @throws InvalidItemsException   when any item is invalid (nothing of the batch may be stored)
   * @throws MalformedInputException when a JSON body cannot be framed
   * @throws ValidationException     on field {@code body} when it is empty or a scalar
   */
  public List<CatalogItem> readBatch(byte[] body, Format format) {
    Objects.requireNonNull(format, "format");
    requireNotBlank(body);
    Batch batch = new Batch(clock.millis(), Utf8Body.of(body, 0, body.length));
    JsonBatch.read(
        batch.utf8,
        0,
        body.length,
        format == Format.NDJSON,
        "item",
        new JsonBatch.Elements() {
          int lineIndex;
          int itemsBefore;
          int rejectedBefore;

          @Override
          public void element(JsonParser p, JsonToken t, int base) throws IOException {
            readElement(p, t, batch, base);
          }

          @Override
          public void lineStarts() {
            lineIndex = batch.index;
            itemsBefore = batch.items.size();
            rejectedBefore = batch.rejected.size();
          }

          @Override
          public void rejectLine(int start, int length, String message) {
            // Whatever the line produced before the fault is dropped: the line is one invalid item.
            batch.items.subList(itemsBefore, batch.items.size()).clear();
            batch.rejected.subList(rejectedBefore, batch.rejected.size()).clear();
            batch.index = lineIndex + 1;
            batch.rejected.add(
                new ItemRejection(lineIndex, List.of(new FieldError("item", message))));
          }
        });
    if (!batch.rejected.isEmpty()) {
      throw new InvalidItemsException(batch.rejected, batch.index);
    }
    return batch.items;
  }

  /**
   * Decodes the body of a single-item write of {@code itemId}: one JSON object whose {@code item_id},
   * when present, must equal {@code itemId}.
   *
   * @throws ValidationException     listing every broken rule (fields relative to the item), or on
   *                                 field {@code body} when it is empty or not an object
   * @throws MalformedInputException when the body is not well-formed JSON
   */
  public CatalogItem readItem(byte[] body, String itemId) {
    Objects.requireNonNull(itemId, "itemId");
    requireNotBlank(body);
    ItemDraft d = new ItemDraft();
    Utf8Body utf8 = Utf8Body.of(body, 0, body.length);
    try (JsonParser p = JsonBatch.FACTORY.createParser(utf8.input())) {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        throw new ValidationException(
            "body", "must be a JSON object (one item) but was " + describe(root));
      }
      readObject(p, d, utf8, 0);
      if (p.nextToken() != null) {
        throw malformed("unexpected content after the item object", p.currentTokenLocation());
      }
      String unread = utf8.faultIn(0, body.length);
      if (unread != null
          && d.errors.isEmpty()) { // a fault the members did not claim: inside a skipped value
        d.error("body", unread);
      }
    } catch (JsonProcessingException e) {
      throw malformed(utf8, 0, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (d.itemId == null && !d.reported("item_id")) {
      d.itemId = itemId;
    } else if (d.itemId != null && !d.itemId.equals(itemId)) {
      d.error(
          "item_id",
          "must match the item id of the request (\""
              + ItemRules.abbreviate(itemId)
              + "\") but was \""
              + ItemRules.abbreviate(d.itemId)
              + "\"; leave it out or send the same id");
    }
    CatalogItem item = build(d, clock.millis());
    if (item == null) {
      throw new ValidationException(d.errors);
    }
    return item;
  }

  /**
   * Reads one batch element starting at token {@code t}; records an item or a rejection. The parser
   * started at body offset {@code base}.
   */
  private void readElement(JsonParser p, JsonToken t, Batch batch, int base) throws IOException {
    int index = batch.index++;
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      batch.rejected.add(
          new ItemRejection(
              index, List.of(new FieldError("item", "must be a JSON object; got " + describe(t)))));
      return;
    }
    ItemDraft d = new ItemDraft();
    long start = p.currentTokenLocation().getByteOffset();
    readObject(p, d, batch.utf8, base);
    String unread = batch.utf8.faultIn(base + start, base + p.currentLocation().getByteOffset());
    if (unread != null
        && d.errors.isEmpty()) { // a fault the members did not claim: inside a skipped value
      d.error("item", unread);
    }
    CatalogItem item = build(d, batch.updatedMillis);
    if (item != null) {
      batch.items.add(item);
    } else {
      batch.rejected.add(new ItemRejection(index, d.errors));
    }
  }

  /** Validates {@code d}; the item, or null when the draft's errors list why not. */
  private CatalogItem build(ItemDraft d, long updatedMillis) {
    rules.check(d);
    if (d.omittedErrors > 0) {
      d.errors.add(
          new FieldError(
              "item",
              d.omittedErrors
                  + " more errors are not listed (at most "
                  + EventDraft.MAX_ERRORS
                  + " are kept per item)"));
    }
    if (!d.errors.isEmpty()) {
      return null;
    }
    return new CatalogItem(
        d.itemId,
        d.category,
        d.price,
        d.available == null || d.available,
        d.attributes,
        updatedMillis);
  }

  private static void readObject(JsonParser p, ItemDraft d, Utf8Body utf8, int base)
      throws IOException {
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String nameFault = utf8.wellFormed() ? null : utf8.tokenFault(p, base);
      JsonToken value = p.nextToken();
      if (nameFault != null) {
        d.error("item", "a member name " + nameFault);
        p.skipChildren();
        continue;
      }
      Field f = Field.of(name);
      if (f == null) {
        d.error(
            ItemRules.abbreviate(name),
            READ_ONLY.contains(name)
                ? "is set by the server; leave it out"
                : "is not a known field; expected one of "
                    + Field.NAMES
                    + " (put free-form data in attributes)");
        p.skipChildren();
        continue;
      }
      if ((seen & f.bit) != 0) {
        d.error(f.json, "appears more than once");
        p.skipChildren();
        continue;
      }
      seen |= f.bit;
      switch (f) {
        case ITEM_ID -> d.itemId = string(p, value, d, f, utf8, base);
        case CATEGORY -> d.category = string(p, value, d, f, utf8, base);
        case PRICE -> readPrice(p, value, d);
        case AVAILABLE -> readAvailable(p, value, d);
        case ATTRIBUTES -> readAttributes(p, value, d, utf8, base);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "expected a field name or '}'");
    }
  }

  private static String string(
      JsonParser p, JsonToken t, ItemDraft d, Field f, Utf8Body utf8, int base) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String fault = utf8.wellFormed() ? null : utf8.tokenFault(p, base);
      if (fault != null) {
        d.error(f.json, fault);
        return null;
      }
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    String hint = t == JsonToken.VALUE_NUMBER_INT ? " (quote it: \"" + p.getText() + "\")" : "";
    d.error(f.json, "must be a string but was " + describe(t) + hint);
    p.skipChildren();
    return null;
  }

  private static void readPrice(JsonParser p, JsonToken t, ItemDraft d) throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> d.price = p.getDoubleValue();
      case VALUE_NULL -> d.price = null;
      case VALUE_STRING ->
          d.error(
              "price",
              "must be a JSON number, not a string (\""
                  + ItemRules.abbreviate(p.getText())
                  + "\")");
      default -> {
        d.error("price", "must be a number but was " + describe(t));
        p.skipChildren();
      }
    }
  }

  private static void readAvailable(JsonParser p, JsonToken t, ItemDraft d) throws IOException {
    switch (t) {
      case VALUE_TRUE -> d.available = Boolean.TRUE;
      case VALUE_FALSE -> d.available = Boolean.FALSE;
      case VALUE_NULL -> d.available = null;
      default -> {
        String hint =
            t == JsonToken.VALUE_STRING
                ? " (\"" + ItemRules.abbreviate(p.getText()) + "\"; send true or false unquoted)"
                : "";
        d.error("available", "must be a boolean but was " + describe(t) + hint);
        p.skipChildren();
      }
    }
  }

  private static void readAttributes(
      JsonParser p, JsonToken t, ItemDraft d, Utf8Body utf8, int base) throws IOException {
    FlatAttributes.read(p, t, d.attributes, utf8, base, d::error);
  }

  private static void requireNotBlank(byte[] body) {
    Objects.requireNonNull(body, "body");
    JsonBatch.requireNotBlank(body, 0, body.length);
  }

  /** Mutable state of one batch being decoded. */
  private static final class Batch {
    final long updatedMillis;
    final Utf8Body utf8;
    final List<CatalogItem> items = new ArrayList<>();
    final List<ItemRejection> rejected = new ArrayList<>(0);
    int index;

    Batch(long updatedMillis, Utf8Body utf8) {
      this.updatedMillis = updatedMillis;
      this.utf8 = utf8;
    }
  }

  /** The members of an item, with a bit each to detect repeats. */
  private enum Field {
    ITEM_ID("item_id"),
    CATEGORY("category"),
    PRICE("price"),
    AVAILABLE("available"),
    ATTRIBUTES("attributes");

    static final String NAMES =
        String.join(", ", Arrays.stream(values()).map(f -> f.json).toList());
    final String json;
    final int bit;

    Field(String json) {
      this.json = json;
      this.bit = 1 << ordinal();
    }

    static Field of(String name) {
      return switch (name) {
        case "item_id" -> ITEM_ID;
        case "category" -> CATEGORY;
        case "price" -> PRICE;
        case "available" -> AVAILABLE;
        case "attributes" -> ATTRIBUTES;
        default -> null;
      };
    }
  }
}
