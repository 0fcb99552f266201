package io.mercato.core.catalog;

import io.mercato.core.io.AttributeCodec;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.Map;

/**
 * The versioned binary form of one {@link CatalogItem}, used by the catalog's change log and its
 * compacted file. Pinned by {@code CatalogItemCodecTest}; a new version must keep decoding every
 * older one.
 *
 * <pre>
 * v1: byte version=1 | byte flags | long updatedMillis | string itemId | [string category] | [double price]
 *     | attributes ({@link AttributeCodec}: varint count | (string key | byte tag | value)*)
 * flags: 1 category, 2 price, 4 available
 * tags: 'S' string, 'L' long, 'D' double, 'B' boolean (byte 0/1) — the tags of the event format
 * </pre>
 */
public final class CatalogItemCodec {
  static final int VERSION = 1;
  private static final int CATEGORY = 1;
  private static final int PRICE = 2;
  private static final int AVAILABLE = 4;

  /** Far above any configurable attribute limit; guards allocation when decoding damaged data. */
  private static final int MAX_ATTRIBUTES = 10_000;

  private CatalogItemCodec() {}

  /** Appends the encoding of {@code item} to {@code out}. */
  public static void write(CatalogItem item, BinaryWriter out) {
    int flags =
        (item.category() != null ? CATEGORY : 0)
            | (item.price() != null ? PRICE : 0)
            | (item.available() ? AVAILABLE : 0);
    out.writeByte(VERSION)
        .writeByte(flags)
        .writeLong(item.updatedMillis())
        .writeString(item.itemId());
    if (item.category() != null) {
      out.writeString(item.category());
    }
    if (item.price() != null) {
      out.writeDouble(item.price());
    }
    AttributeCodec.write(item.attributes(), out); // CatalogItem admits only the codec's types
  }

  /** Encodes {@code item} into a new array. */
  public static byte[] encode(CatalogItem item) {
    BinaryWriter w = new BinaryWriter(64);
    write(item, w);
    return w.toByteArray();
  }

  /** Decodes one item from {@code in}. */
  public static CatalogItem read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException(
          "unknown catalog item format version " + version + " (this build reads 1)");
    }
    int flags = in.readByte();
    if ((flags & ~(CATEGORY | PRICE | AVAILABLE)) != 0) {
      throw new CorruptDataException("unknown catalog item flags " + flags);
    }
    long updated = in.readLong();
    String id = in.readString();
    String category = (flags & CATEGORY) != 0 ? in.readString() : null;
    Double price = (flags & PRICE) != 0 ? in.readDouble() : null;
    Map<String, Object> attrs = AttributeCodec.read(in, MAX_ATTRIBUTES);
    try {
      return new CatalogItem(id, category, price, (flags & AVAILABLE) != 0, attrs, updated);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptDataException("decoded catalog item is invalid: " + e.getMessage());
    }
  }

  /** Decodes an item that occupies the whole array. */
  public static CatalogItem decode(byte[] bytes) {
    BinaryReader r = new BinaryReader(bytes);
    CatalogItem item = read(r);
    r.expectEnd();
    return item;
  }
}
