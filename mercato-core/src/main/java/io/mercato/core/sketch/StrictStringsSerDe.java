package io.mercato.core.sketch;

import io.mercato.core.text.InvalidUnicodeException;
import io.mercato.core.text.Unicode;
import org.apache.datasketches.common.ArrayOfStringsSerDe;

/**
 * DataSketches' string serde (UTF-8 with a length prefix), refusing what it cannot round-trip: the
 * library encodes with {@code String.getBytes(UTF_8)}, which writes {@code ?} for an unpaired
 * surrogate and so merges distinct items, as {@code BinaryWriter} once did. Same bytes otherwise,
 * so existing sketch images read unchanged. Stateless.
 */
final class StrictStringsSerDe extends ArrayOfStringsSerDe {

  @Override
  public byte[] serializeToByteArray(String item) {
    check(item);
    return super.serializeToByteArray(item);
  }

  @Override
  public byte[] serializeToByteArray(String[] items) {
    for (String item : items) {
      check(item);
    }
    return super.serializeToByteArray(items);
  }

  private static void check(String item) {
    int i = item == null ? -1 : Unicode.unpairedSurrogate(item);
    if (i >= 0) {
      throw new InvalidUnicodeException(item, i);
    }
  }
}
