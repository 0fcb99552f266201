package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.event.EventJsonReader.Format;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1: invalid Unicode is refused per event, on its field, and nothing the reader
 * accepts is altered by the journal's binary form.
 */
class EventJsonReaderUnicodeTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final EventJsonReader reader =
      new EventJsonReader(EventValidator.of(EventLimits.defaults(), InstantSource.fixed(NOW)));

  static final String HEAD =
      "{\"event_id\":\"e-%d\",\"type\":\"view\",\"user_id\":\"u-1\",\"timestamp\":1764000000000,";

  /** Concatenates text (as UTF-8) and raw byte values (int[] arrays). */
  static byte[] body(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        for (int b : (int[]) p) {
          out.write(b);
        }
      }
    }
    return out.toByteArray();
  }

  static String valid(int n) {
    return String.format(HEAD, n) + "\"category\":\"ok\"}";
  }

  static List<FieldError> errorsOf(ReadResult r, int index) {
    return r.rejected().stream().filter(x -> x.index() == index).findFirst().orElseThrow().errors();
  }

  @Test
  void loneSurrogateEscapesAreRefusedOnTheirFieldAndTheBatchKeepsTheRest() {
    String[] fields = {"event_id", "user_id", "item_id", "ad_id", "campaign_id", "category"};
    StringBuilder ndjson = new StringBuilder(valid(0)).append('\n');
    for (int i = 0; i < fields.length; i++) {
      ndjson
          .append("{\"type\":\"view\",\"timestamp\":1764000000000,")
          .append(fields[i].equals("user_id") ? "" : "\"user_id\":\"u-1\",")
          .append('"')
          .append(fields[i])
          .append("\":\"x-\\ud800\"}\n");
    }
    ndjson.append(valid(99)).append('\n');
    ReadResult r = reader.read(ndjson.toString().getBytes(StandardCharsets.UTF_8), Format.NDJSON);
    assertThat(r.events()).extracting(Event::eventId).containsExactly("e-0", "e-99");
    for (int i = 0; i < fields.length; i++) {
      assertThat(errorsOf(r, i + 1))
          .containsExactly(
              new FieldError(
                  fields[i],
                  "must not contain an unpaired UTF-16 surrogate (found U+D800 at position 2); send text as well-formed UTF-8"));
    }
  }

  @Test
  void theIssuesThreeEventIdsNoLongerCollide() {
    ReadResult r =
        reader.read(
            body(
                String.format(HEAD, 1).replace("\"e-1\"", "\"x-\\ud800\"")
                    + "\"item_id\":\"p-1\"}\n",
                String.format(HEAD, 2).replace("\"e-2\"", "\"x-\\udc00\"")
                    + "\"item_id\":\"p-2\"}\n",
                String.format(HEAD, 3).replace("\"e-3\"", "\"x-?\"") + "\"item_id\":\"p-3\"}\n"),
            Format.NDJSON);
    assertThat(r.events()).extracting(Event::eventId).containsExactly("x-?");
    assertThat(errorsOf(r, 0)).extracting(FieldError::field).containsExactly("event_id");
    assertThat(errorsOf(r, 1).get(0).message()).contains("U+DC00");
  }

  @Test
  void attributeValuesWithLoneSurrogatesAreRefusedByName() {
    ReadResult r =
        reader.read(
            body(
                String.format(HEAD, 1)
                    + "\"attributes\":{\"placement\":\"side-\\udc00\",\"ok\":\"\\ud83d\\ude00\"}}"),
            Format.JSON);
    assertThat(r.events()).isEmpty();
    assertThat(errorsOf(r, 0))
        .extracting(FieldError::field)
        .containsExactly("attributes.placement");
  }

  @Test
  void overlongUtf8IsRefusedOnItsFieldPerNdjsonLine() {
    byte[] b =
        body(
            valid(0),
            "\n",
            String.format(HEAD, 1),
            "\"category\":\"a",
            new int[] {0xC0, 0xAF},
            "b\"}\n",
            valid(2),
            "\n");
    ReadResult r = reader.read(b, Format.NDJSON);
    assertThat(r.events()).extracting(Event::eventId).containsExactly("e-0", "e-2");
    int offset = new String(b, StandardCharsets.ISO_8859_1).indexOf('\u00C0');
    assertThat(errorsOf(r, 1))
        .containsExactly(
            new FieldError(
                "category",
                "must be well-formed UTF-8: C0 AF at byte offset "
                    + offset
                    + " is an overlong encoding"));
    assertThat(r.rejected().get(0).raw())
        .startsWith("{\"event_id\":\"e-1\"")
        .contains("\"category\":\"a");
  }

  @Test
  void everyKindOfMalformedUtf8IsRefusedPerArrayElement() {
    int[][] bad = {
      {0xC0, 0xAF},
      {0xE0, 0x80, 0xAF},
      {0xF0, 0x80, 0x80, 0xAF}, // overlong
      {0xF4, 0x90, 0x80, 0x80},
      {0xF5, 0x80, 0x80, 0x80}, // beyond U+10FFFF
      {0xED, 0xA0, 0x80},
      {0x80},
      {0xFF},
      {0xE2, 0x82}
    }; // surrogate, stray, truncated
    for (int[] bytes : bad) {
      byte[] b =
          body(
              "[",
              valid(0),
              ",",
              String.format(HEAD, 1),
              "\"item_id\":\"p-",
              bytes,
              "\"},",
              valid(2),
              "]");
      ReadResult r = reader.read(b, Format.JSON);
      assertThat(r.events())
          .as(Arrays.toString(bytes))
          .extracting(Event::eventId)
          .containsExactly("e-0", "e-2");
      assertThat(errorsOf(r, 1))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.field()).isEqualTo("item_id");
                assertThat(e.message())
                    .startsWith("must be well-formed UTF-8: " + String.format("%02X", bytes[0]));
              });
    }
  }

  @Test
  void malformedUtf8InAnAttributeNameOrValueNamesTheAttributes() {
    byte[] name =
        body(String.format(HEAD, 1), "\"attributes\":{\"k", new int[] {0xC1, 0x81}, "\":\"v\"}}");
    assertThat(errorsOf(reader.read(name, Format.JSON), 0))
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("attributes"))
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith("an attribute name must be well-formed UTF-8: C1 81"));
    byte[] value =
        body(
            String.format(HEAD, 1),
            "\"attributes\":{\"k\":\"v",
            new int[] {0xF4, 0x90, 0x80, 0x80},
            "\"}}");
    assertThat(errorsOf(reader.read(value, Format.JSON), 0))
        .extracting(FieldError::field)
        .containsExactly("attributes.k");
  }

  @Test
  void malformedUtf8OutsideStringsRejectsTheLineOrTheBody() {
    byte[] line = body(valid(0), "\n{\"type\":", new int[] {0xC0, 0xAF}, "}\n", valid(2), "\n");
    ReadResult r = reader.read(line, Format.NDJSON);
    assertThat(r.events()).hasSize(2);
    assertThat(errorsOf(r, 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("event");
              assertThat(e.message())
                  .startsWith("line 2: must be well-formed UTF-8: C0 AF at byte offset ");
            });
    byte[] json = body("[", valid(0), ",\n{\"type\":", new int[] {0xFF}, "}]");
    assertThatThrownBy(() -> reader.read(json, Format.JSON))
        .isInstanceOfSatisfying(
            MalformedInputException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("body is not well-formed UTF-8: FF at byte offset ");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(9);
              assertThat(e.offset()).isEqualTo(json.length - 3);
            });
  }

  @Test
  void wellFormedNonAsciiTextIsKeptExactly() {
    String text = "é-中文-😀-\uDBFF\uDFFD"; // U+10FFFD: a private-use code point of the last plane
    ReadResult r =
        reader.read(
            body(
                String.format(HEAD, 1),
                "\"category\":\"" + text + "\",\"attributes\":{\"ñ\":\"" + text + "\"}}"),
            Format.JSON);
    assertThat(r.rejected()).isEmpty();
    assertThat(r.events().get(0).category()).isEqualTo(text);
    assertThat(r.events().get(0).attributes()).containsEntry("ñ", text);
  }

  /**
   * Whatever bytes a client puts into a string, an accepted event survives the journal's binary form
   * unchanged: the reader never lets through a string the writer would have to alter.
   */
  @Test
  void everyAcceptedEventRoundTripsThroughItsBinaryForm() {
    SplittableRandom random = new SplittableRandom(13);
    int accepted = 0;
    int rejected = 0;
    String[] escapes = {
      "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u00e9", "?", "\\udbff", "\\udfff"
    };
    for (int run = 0; run < 3_000; run++) {
      ByteArrayOutputStream noise = new ByteArrayOutputStream();
      int n = random.nextInt(1, 6);
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          noise.writeBytes(
              escapes[random.nextInt(escapes.length)].getBytes(StandardCharsets.US_ASCII));
        } else {
          int v = random.nextInt(0x80, 0x100);
          noise.write(v == '"' || v == '\\' ? 'x' : v);
        }
      }
      String field = new String[] {"event_id", "item_id", "category"}[random.nextInt(3)];
      byte[] b =
          body(
              String.format(HEAD, run)
                  .replace(
                      "\"event_id\":\"e-" + run + "\",",
                      field.equals("event_id") ? "" : "\"event_id\":\"e\","),
              "\"" + field + "\":\"k",
              new int[0],
              "");
      byte[] full = concat(b, noise.toByteArray(), "\"}".getBytes(StandardCharsets.US_ASCII));
      ReadResult r = reader.read(full, Format.JSON);
      for (Event e : r.events()) {
        accepted++;
        byte[] encoded = EventCodec.encode(e);
        assertThat(EventCodec.decode(encoded)).isEqualTo(e);
      }
      rejected += r.rejected().size();
    }
    assertThat(accepted).isGreaterThan(100);
    assertThat(rejected).isGreaterThan(1000);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
