package io.mercato.core.event;

import io.mercato.core.io.AttributeCodec;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.Collections;
import java.util.Map;

/**
 * The versioned binary form of an {@link Event}, used by the journal and snapshots. Pinned by
 * {@code EventCodecTest}; a new version must keep decoding every older one.
 *
 * <pre>
 * v1: byte version=1 | byte flags | long timestampMillis | string eventId | string type | string userId
 *     | [string itemId] | [string adId] | [string campaignId] | [string category] | [double value]
 *     | attributes ({@link AttributeCodec}: varint count | (string key | byte tag | value)*)
 * flags: 1 item, 2 ad, 4 campaign, 8 category, 16 value, 32 generated id
 * tags: 'S' string, 'L' long, 'D' double, 'B' boolean (byte 0/1)
 * </pre>
 */
public final class EventCodec {
  static final int VERSION = 1;
  private static final int ITEM = 1;
  private static final int AD = 2;
  private static final int CAMPAIGN = 4;
  private static final int CATEGORY = 8;
  private static final int VALUE = 16;
  private static final int GENERATED = 32;

  private EventCodec() {}

  /** Appends the encoding of {@code e} to {@code out}. */
  public static void write(Event e, BinaryWriter out) {
    int flags =
        (e.itemId() != null ? ITEM : 0)
            | (e.adId() != null ? AD : 0)
            | (e.campaignId() != null ? CAMPAIGN : 0)
            | (e.category() != null ? CATEGORY : 0)
            | (e.value() != null ? VALUE : 0)
            | (e.generatedId() ? GENERATED : 0);
    out.writeByte(VERSION).writeByte(flags).writeLong(e.timestampMillis());
    out.writeString(e.eventId()).writeString(e.type()).writeString(e.userId());
    if (e.itemId() != null) {
      out.writeString(e.itemId());
    }
    if (e.adId() != null) {
      out.writeString(e.adId());
    }
    if (e.campaignId() != null) {
      out.writeString(e.campaignId());
    }
    if (e.category() != null) {
      out.writeString(e.category());
    }
    if (e.value() != null) {
      out.writeDouble(e.value());
    }
    AttributeCodec.write(e.attributes(), out);
  }

  /** Encodes {@code e} into a new array. */
  public static byte[] encode(Event e) {
    BinaryWriter w = new BinaryWriter(96);
    write(e, w);
    return w.toByteArray();
  }

  /** Decodes one event from {@code in}. */
  public static Event read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException(
          "unknown event format version " + version + " (this build reads 1)");
    }
    int flags = in.readByte();
    long ts = in.readLong();
    String id = in.readString();
    String type = EventTypes.canonical(in.readString());
    String user = in.readString();
    String item = (flags & ITEM) != 0 ? in.readString() : null;
    String ad = (flags & AD) != 0 ? in.readString() : null;
    String campaign = (flags & CAMPAIGN) != 0 ? in.readString() : null;
    String category = (flags & CATEGORY) != 0 ? in.readString() : null;
    Double value = (flags & VALUE) != 0 ? in.readDouble() : null;
    Map<String, Object> attrs = AttributeCodec.read(in, 10_000);
    try {
      return new Event(
          id,
          (flags & GENERATED) != 0,
          type,
          user,
          item,
          ad,
          campaign,
          category,
          value,
          ts,
          attrs.isEmpty() ? attrs : Collections.unmodifiableMap(attrs));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptDataException("decoded event is invalid: " + e.getMessage());
    }
  }

  /** Decodes an event that occupies the whole array. */
  public static Event decode(byte[] bytes) {
    BinaryReader r = new BinaryReader(bytes);
    Event e = read(r);
    r.expectEnd();
    return e;
  }
}
