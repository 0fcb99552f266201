package io.mercato.core.sketch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.CorruptDataException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** Hand-built events and shared assertions for the sketch and sampling tests. */
public final class TestEvents {
  /** A fixed reference time, 2027-01-15T08:00:00Z; any instant works. */
  public static final long T0 = 1_800_000_000_000L;

  private TestEvents() {}

  public static Event event(
      String id, String type, String user, String item, Double value, long time) {
    return new Event(id, false, type, user, item, null, null, null, value, time, Map.of());
  }

  public static Event view(String id, String user, String item, long time) {
    return event(id, "view", user, item, null, time);
  }

  /** Every proper prefix of {@code bytes} fails to decode with {@link CorruptDataException}. */
  public static void assertEveryTruncationIsCorrupt(byte[] bytes, Function<BinaryReader, ?> read) {
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(
              () -> {
                BinaryReader r = new BinaryReader(cut);
                Object decoded = read.apply(r); // decoded only to see whether it fails
                r.expectEnd();
              })
          .as("prefix of %d of %d bytes", len, bytes.length)
          .isInstanceOf(CorruptDataException.class);
    }
  }

  /**
   * Overwriting any single byte either still decodes or fails with {@link CorruptDataException}, never
   * with an index, argument or memory exception of a library.
   */
  public static void assertByteDamageIsCorruptOrHarmless(
      byte[] bytes, Function<BinaryReader, ?> read) {
    for (int i = 0; i < bytes.length; i++) {
      for (int v : new int[] {0x00, 0xFF, 0x7F}) {
        byte[] damaged = bytes.clone();
        damaged[i] = (byte) v;
        try {
          BinaryReader r = new BinaryReader(damaged);
          Object decoded = read.apply(r); // decoded only to see whether it fails
          r.expectEnd();
        } catch (CorruptDataException expected) {
          // the only acceptable failure
        } catch (RuntimeException | OutOfMemoryError e) {
          throw new AssertionError("byte " + i + " set to " + v + " gave " + e, e);
        }
      }
    }
  }
}
