package io.mercato.core.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of flat attributes, shared by the event and the catalog item formats (pinned by
 * their codec tests):
 *
 * <pre>varint count | (string key | byte tag | value)*
 * tags: 'S' string, 'L' long, 'D' double, 'B' boolean (byte 0/1)</pre>
 */
public final class AttributeCodec {
  private AttributeCodec() {}

  /**
   * Appends {@code attributes} in iteration order.
   *
   * @throws IllegalArgumentException on a value that is not a String, Long, Double or Boolean
   */
  public static void write(Map<String, Object> attributes, BinaryWriter out) {
    out.writeVarLong(attributes.size());
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      out.writeString(a.getKey());
      Object v = a.getValue();
      if (v instanceof String s) {
        out.writeByte('S').writeString(s);
      } else if (v instanceof Long l) {
        out.writeByte('L').writeLong(l);
      } else if (v instanceof Double d) {
        out.writeByte('D').writeDouble(d);
      } else if (v instanceof Boolean b) {
        out.writeByte('B').writeBoolean(b);
      } else {
        throw new IllegalArgumentException(
            "unsupported attribute value type " + v.getClass().getName());
      }
    }
  }

  /**
   * Reads attributes {@link #write} wrote: {@code Map.of()} when there are none, else a new mutable
   * map in the written order (the caller wraps or copies it).
   *
   * @param max the most attributes to accept (guards allocation on damaged data)
   * @throws CorruptDataException on a count above {@code max}, an unknown tag or truncated input
   */
  public static Map<String, Object> read(BinaryReader in, int max) {
    int n = in.readLength(max);
    if (n == 0) {
      return Map.of();
    }
    Map<String, Object> attrs = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String key = in.readString();
      int tag = in.readByte();
      Object v =
          switch (tag) {
            case 'S' -> in.readString();
            case 'L' -> in.readLong();
            case 'D' -> in.readDouble();
            case 'B' -> in.readBoolean();
            default -> throw new CorruptDataException("unknown attribute tag " + tag);
          };
      attrs.put(key, v);
    }
    return attrs;
  }
}
