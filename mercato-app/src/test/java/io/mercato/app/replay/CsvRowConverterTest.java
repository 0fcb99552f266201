package io.mercato.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowConverterTest {
  private static final String[] HEADER = {
    "session_id", "itemId", "eventdate", "type", "price", "channel"
  };
  private static final CsvMapping MAP =
      CsvMapping.parse(
          List.of("session_id=user_id", "itemId=item_id", "eventdate=timestamp", "price=value"));

  private static String convert(CsvRowConverter c, String... row) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      String problem = c.write(row, g);
      if (problem != null) {
        return "PROBLEM: " + problem;
      }
    }
    return w.toString();
  }

  @Test
  void mapsColumnsConvertsValuesAndKeepsTheRestAsAttributes() throws IOException {
    CsvRowConverter c = new CsvRowConverter(HEADER, MAP);
    assertThat(convert(c, "s-1", "p-9", "2026-11-24", "view", "19.90", "email"))
        .isEqualTo(
            "{\"user_id\":\"s-1\",\"item_id\":\"p-9\",\"timestamp\":1795478400000,\"type\":\"view\","
                + "\"value\":19.9,\"attributes\":{\"channel\":\"email\"}}");
  }

  @Test
  void emptyCellsAreAbsentAndShortRowsAreFine() throws IOException {
    CsvRowConverter c = new CsvRowConverter(HEADER, MAP);
    assertThat(convert(c, "s-1", "", "1767225600000", "click"))
        .isEqualTo("{\"user_id\":\"s-1\",\"timestamp\":1767225600000,\"type\":\"click\"}");
  }

  @Test
  void rowsWithTooManyValuesAreRefused() throws IOException {
    CsvRowConverter c = new CsvRowConverter(HEADER, MAP);
    assertThat(convert(c, "a", "b", "c", "d", "e", "f", "g"))
        .isEqualTo("PROBLEM: the row has 7 values but the header has 6 columns");
  }

  @Test
  void valuesThatDoNotConvertArePassedOnForTheValidatorToReject() throws IOException {
    CsvRowConverter c = new CsvRowConverter(HEADER, MAP);
    assertThat(convert(c, "s-1", "p", "yesterday", "view", "cheap"))
        .contains("\"timestamp\":\"yesterday\"", "\"value\":\"cheap\"");
  }

  @Test
  void timestampForms() {
    assertThat(CsvRowConverter.timestamp("1767225600000")).isEqualTo(1767225600000L);
    assertThat(CsvRowConverter.timestamp("2026-01-01")).isEqualTo(1767225600000L);
    assertThat(CsvRowConverter.timestamp("2026-01-01 00:00:01")).isEqualTo(1767225601000L);
    assertThat(CsvRowConverter.timestamp("2026-01-01T00:01")).isEqualTo(1767225660000L);
    assertThat(CsvRowConverter.timestamp("2026-01-01T00:00:00.250")).isEqualTo(1767225600250L);
    assertThat(CsvRowConverter.timestamp("2026-01-01T00:00:00Z")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(CsvRowConverter.timestamp("2026-01-01 00:00:00+01:00"))
        .isEqualTo("2026-01-01T00:00:00+01:00");
    assertThat(CsvRowConverter.timestamp("2026-13-01")).isEqualTo("2026-13-01");
  }

  @Test
  void valueForms() {
    assertThat(CsvRowConverter.parseNumber("19.99")).isEqualTo(19.99);
    assertThat(CsvRowConverter.parseNumber(" 3 ")).isEqualTo(3.0);
    assertThat(CsvRowConverter.parseNumber("NaN")).isNull();
    assertThat(CsvRowConverter.parseNumber("1,5")).isNull();
  }

  @Test
  void unmappedEventFieldColumnsKeepTheirName() throws IOException {
    CsvRowConverter c =
        new CsvRowConverter(
            new String[] {"event_id", "type", "user_id", "timestamp", "note"},
            CsvMapping.parse(List.of("note=attributes.comment")));
    assertThat(convert(c, "e1", "view", "u1", "2026-01-01T00:00:00Z", "hi"))
        .isEqualTo(
            "{\"event_id\":\"e1\",\"type\":\"view\",\"user_id\":\"u1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"attributes\":{\"comment\":\"hi\"}}");
  }

  @Test
  void droppedColumnsDisappear() throws IOException {
    CsvRowConverter c =
        new CsvRowConverter(
            new String[] {"type", "user_id", "timestamp", "junk"},
            CsvMapping.parse(List.of("junk=")));
    assertThat(convert(c, "view", "u1", "1", "x")).doesNotContain("junk");
  }

  @Test
  void headerProblemsAreReportedUpFront() {
    assertThatThrownBy(
            () -> new CsvRowConverter(HEADER, CsvMapping.parse(List.of("sessionid=user_id"))))
        .hasMessageContaining("[sessionid]")
        .hasMessageContaining("session_id, itemId");
    assertThatThrownBy(() -> new CsvRowConverter(HEADER, CsvMapping.identity()))
        .hasMessageContaining("required field user_id")
        .hasMessageContaining("--map COLUMN=user_id");
    assertThatThrownBy(
            () ->
                new CsvRowConverter(
                    new String[] {"user_id", "uid", "type", "timestamp"},
                    CsvMapping.parse(List.of("uid=user_id"))))
        .hasMessageContaining("columns \"user_id\" and \"uid\" both map to user_id");
    assertThatThrownBy(
            () -> new CsvRowConverter(new String[] {"type", "type"}, CsvMapping.identity()))
        .hasMessageContaining("twice");
  }

  @Test
  void mappingSyntaxErrorsNameTheEntry() {
    assertThatThrownBy(() -> CsvMapping.parse(List.of("a=userid")))
        .hasMessageContaining("\"userid\" is not an event field")
        .hasMessageContaining("user_id");
    assertThatThrownBy(() -> CsvMapping.parse(List.of("nomapping")))
        .hasMessageContaining("column=field");
    assertThatThrownBy(() -> CsvMapping.parse(List.of("a=type", "a=user_id")))
        .hasMessageContaining("more than once");
  }
}
