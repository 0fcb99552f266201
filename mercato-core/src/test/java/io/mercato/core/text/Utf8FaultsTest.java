package io.mercato.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8FaultsTest {

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  /** {@code "ab" + bad + "cd"}: the fault sits at offset 2. */
  static Utf8Faults scanMiddle(int... bad) {
    byte[] b = new byte[bad.length + 4];
    b[0] = 'a';
    b[1] = 'b';
    for (int i = 0; i < bad.length; i++) {
      b[2 + i] = (byte) bad[i];
    }
    b[bad.length + 2] = 'c';
    b[bad.length + 3] = 'd';
    return Utf8Faults.scan(b);
  }

  static String describeMiddle(int... bad) {
    byte[] b = new byte[bad.length + 4];
    b[0] = 'a';
    b[1] = 'b';
    for (int i = 0; i < bad.length; i++) {
      b[2 + i] = (byte) bad[i];
    }
    b[bad.length + 2] = 'c';
    b[bad.length + 3] = 'd';
    Utf8Faults f = Utf8Faults.scan(b);
    assertThat(f).as("faults of %s", Arrays.toString(bad)).isNotNull();
    return f.describe(b, 0, 0);
  }

  @Test
  void wellFormedTextHasNoFaults() {
    String text = "plain ascii, é ß, € ✓, 中文, 😀 and U+10FFFF \uDBFF\uDFFF, U+FFFD \uFFFD";
    assertThat(Utf8Faults.scan(text.getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(Utf8Faults.scan(new byte[0])).isNull();
    assertThat(Utf8Faults.isWellFormed(bytes(0xF4, 0x8F, 0xBF, 0xBF), 0, 4)).isTrue(); // U+10FFFF
  }

  @Test
  void overlongEncodingsAreFaults() {
    assertThat(describeMiddle(0xC0, 0xAF))
        .isEqualTo("C0 AF at byte offset 2 is an overlong encoding");
    assertThat(describeMiddle(0xC1, 0x81))
        .isEqualTo("C1 81 at byte offset 2 is an overlong encoding");
    assertThat(describeMiddle(0xE0, 0x80, 0xAF))
        .isEqualTo("E0 80 AF at byte offset 2 is an overlong encoding");
    assertThat(describeMiddle(0xF0, 0x80, 0x80, 0xAF))
        .isEqualTo("F0 80 80 AF at byte offset 2 is an overlong encoding");
    assertThat(describeMiddle(0xF0, 0x8F, 0xBF, 0xBF))
        .isEqualTo("F0 8F BF BF at byte offset 2 is an overlong encoding");
  }

  @Test
  void surrogatesAndCodePointsBeyondTheLastAreFaults() {
    assertThat(describeMiddle(0xED, 0xA0, 0x80))
        .isEqualTo("ED A0 80 at byte offset 2 encodes a UTF-16 surrogate");
    assertThat(describeMiddle(0xED, 0xBF, 0xBF))
        .isEqualTo("ED BF BF at byte offset 2 encodes a UTF-16 surrogate");
    assertThat(describeMiddle(0xF4, 0x90, 0x80, 0x80))
        .isEqualTo("F4 90 80 80 at byte offset 2 encodes a code point beyond U+10FFFF");
    assertThat(describeMiddle(0xF5, 0x80, 0x80, 0x80))
        .isEqualTo("F5 80 80 80 at byte offset 2 encodes a code point beyond U+10FFFF");
  }

  @Test
  void strayAndTruncatedBytesAreFaults() {
    assertThat(describeMiddle(0x80))
        .isEqualTo("80 at byte offset 2 starts with a continuation byte");
    assertThat(describeMiddle(0xFF)).isEqualTo("FF at byte offset 2 is not a UTF-8 byte");
    assertThat(describeMiddle(0xF8, 0x88, 0x80, 0x80, 0x80))
        .isEqualTo("F8 88 80 80 80 at byte offset 2 is not a UTF-8 byte");
    assertThat(describeMiddle(0xE2, 0x82))
        .isEqualTo("E2 82 at byte offset 2 is an incomplete sequence");
    byte[] end = bytes('a', 0xE2, 0x82); // truncated at the very end
    Utf8Faults f = Utf8Faults.scan(end);
    assertThat(f.count()).isEqualTo(1);
    assertThat(f.start(0)).isEqualTo(1);
    assertThat(f.end(0)).isEqualTo(3);
  }

  @Test
  void faultsAreAbsoluteOffsetsWithinTheScannedRange() {
    byte[] b = bytes(0xC0, 'x', 'y', 0xC0, 0xAF, 'z', 0xFF, 'w', 0xC0);
    Utf8Faults f = Utf8Faults.scan(b, 1, 6); // "y C0 AF z FF" and 'x'
    assertThat(f.count()).isEqualTo(2);
    assertThat(new int[] {f.start(0), f.end(0), f.start(1), f.end(1)}).containsExactly(3, 5, 6, 7);
    assertThat(f.find(0, 3)).isEqualTo(-1);
    assertThat(f.find(0, 4)).isZero();
    assertThat(f.find(4, 5)).isZero();
    assertThat(f.find(5, 6)).isEqualTo(-1);
    assertThat(f.find(5, 100)).isEqualTo(1);
    assertThat(f.describe(b, 1, 1)).isEqualTo("FF at byte offset 5 is not a UTF-8 byte");
  }

  @Test
  void maskingReplacesExactlyTheFaultyBytes() {
    byte[] b = bytes('"', 0xC0, 0xAF, '"', ' ', 0xE2, 0x82, 0xAC); // "C0AF" then a valid euro sign
    Utf8Faults f = Utf8Faults.scan(b);
    assertThat(f.masked(b))
        .containsExactly('"', '?', '?', '"', ' ', 0xE2 - 256, 0x82 - 256, 0xAC - 256);
    assertThat(b[1]).isEqualTo((byte) 0xC0); // the original is untouched
  }

  @Test
  void theAsciiFastPathFindsANonAsciiByteAtEveryPosition() {
    for (int len = 1; len <= 40; len++) {
      for (int at = 0; at < len; at++) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) 'a');
        b[at] = (byte) 0x80;
        Utf8Faults f = Utf8Faults.scan(b);
        assertThat(f).as("len %d at %d", len, at).isNotNull();
        assertThat(f.start(0)).isEqualTo(at);
      }
    }
  }

  @Test
  void agreesWithTheJdkStrictDecoderOnRandomBytes() {
    SplittableRandom random = new SplittableRandom(42);
    int faulty = 0;
    for (int run = 0; run < 20_000; run++) {
      byte[] b = new byte[random.nextInt(1, 24)];
      for (int i = 0; i < b.length; i++) {
        // mostly the interesting range: lead bytes, continuations and ASCII
        b[i] =
            (byte)
                (random.nextInt(4) == 0 ? random.nextInt(0x20, 0x7F) : random.nextInt(0x80, 0x100));
      }
      boolean jdk = strictlyDecodes(b);
      Utf8Faults f = Utf8Faults.scan(b);
      assertThat(f == null).as("bytes %s", HexFormat.of().formatHex(b)).isEqualTo(jdk);
      if (f != null) {
        faulty++;
        byte[] masked = f.masked(b);
        assertThat(strictlyDecodes(masked)).isTrue();
      }
    }
    assertThat(faulty).isGreaterThan(1000);
  }

  private static boolean strictlyDecodes(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
