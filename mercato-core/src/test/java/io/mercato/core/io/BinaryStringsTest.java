package io.mercato.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.text.InvalidUnicodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Strings in the binary formats: written exactly as UTF-8, or refused; never altered. */
class BinaryStringsTest {

  @Test
  void wellFormedStringsAreWrittenAsTheirUtf8Bytes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int run = 0; run < 5_000; run++) {
      String s = randomWellFormed(random, random.nextInt(0, 20));
      byte[] written = new BinaryWriter(4).writeString(s).toByteArray();
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      BinaryReader r = new BinaryReader(written);
      assertThat(r.readVarLong()).isEqualTo(utf8.length);
      assertThat(Arrays.copyOfRange(written, written.length - utf8.length, written.length))
          .isEqualTo(utf8);
      assertThat(new BinaryReader(written).readString()).isEqualTo(s);
      assertThat(BinaryWriter.utf8Length(s)).isEqualTo(utf8.length);
    }
  }

  @Test
  void anUnpairedSurrogateIsRefusedAndNothingIsWritten() {
    BinaryWriter w = new BinaryWriter().writeString("ok");
    int before = w.size();
    for (String bad :
        new String[] {"x-\uD800", "x-\uDC00", "\uDBFF", "a\uDE00\uD83Db", "\uD83D\uDE00\uD800"}) {
      assertThatThrownBy(() -> w.writeString(bad))
          .isInstanceOf(InvalidUnicodeException.class)
          .hasMessageStartingWith("cannot encode a string with an unpaired UTF-16 surrogate");
      assertThat(w.size()).isEqualTo(before);
    }
    InvalidUnicodeException e =
        Assertions.assertThrows(InvalidUnicodeException.class, () -> w.writeString("x-\uD800"));
    assertThat(e.index()).isEqualTo(2);
    assertThat(e.getMessage()).contains("U+D800 at index 2").contains("\"x-\\ud800\"");
  }

  @Test
  void theThreeIdsThatUsedToCollideStayDistinctOrAreRefused() {
    // Before: getBytes wrote '?' for each, so all three read back as "x-?".
    assertThat(new BinaryReader(new BinaryWriter().writeString("x-?").toByteArray()).readString())
        .isEqualTo("x-?");
    assertThatThrownBy(() -> new BinaryWriter().writeString("x-\uD800"))
        .isInstanceOf(InvalidUnicodeException.class);
    assertThatThrownBy(() -> new BinaryWriter().writeString("x-\uDC00"))
        .isInstanceOf(InvalidUnicodeException.class);
  }

  @Test
  void malformedBytesInAStringAreReportedAsCorruption() {
    byte[] data = {3, 'a', (byte) 0xC0, (byte) 0xAF};
    assertThatThrownBy(() -> new BinaryReader(data).readString())
        .isInstanceOf(CorruptDataException.class)
        .hasMessage(
            "string of 3 bytes is not well-formed UTF-8: C0 AF at byte offset 1 is an overlong encoding");
    byte[] replacement =
        new BinaryWriter().writeString("a\uFFFDb").toByteArray(); // a real U+FFFD is text
    assertThat(new BinaryReader(replacement).readString()).isEqualTo("a\uFFFDb");
  }

  static String randomWellFormed(SplittableRandom random, int codePoints) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int cp;
      switch (random.nextInt(5)) {
        case 0 -> cp = random.nextInt(0, 0x80);
        case 1 -> cp = random.nextInt(0x80, 0x800);
        case 2 -> cp = random.nextInt(0x800, 0xD800);
        case 3 -> cp = random.nextInt(0xE000, 0x10000);
        default -> cp = random.nextInt(0x10000, 0x110000);
      }
      b.appendCodePoint(cp);
    }
    return b.toString();
  }
}
