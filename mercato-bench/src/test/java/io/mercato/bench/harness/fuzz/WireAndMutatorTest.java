package io.mercato.bench.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Request bytes are what they claim to be; mutations change the document and never the example. */
class WireAndMutatorTest {
  @Test
  void aBodyGetsItsLengthAndAChunkedOneItsChunks() {
    RawRequest plain =
        Wire.request("POST", "/v1/events").body("application/json", "{}".getBytes()).build();
    assertThat(text(plain))
        .isEqualTo(
            "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(plain.bodyLength()).isEqualTo(2);

    RawRequest chunked = Wire.request("POST", "/x").body("abcdef".getBytes()).chunked(2, 3).build();
    assertThat(text(chunked))
        .endsWith("Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n1\r\nf\r\n0\r\n\r\n");

    RawRequest lie =
        Wire.request("POST", "/x")
            .body("abc".getBytes())
            .declaredLength(10)
            .noHost()
            .keepAlive()
            .build();
    assertThat(text(lie)).isEqualTo("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  }

  @Test
  void percentEncodingKeepsUnreservedAndEncodesLoneSurrogatesAsTheirThreeBytes() {
    assertThat(Wire.percentEncode("a-b_c.d~e")).isEqualTo("a-b_c.d~e");
    assertThat(Wire.percentEncode("a/b c")).isEqualTo("a%2Fb%20c");
    assertThat(Wire.percentEncode("é")).isEqualTo("%C3%A9");
    assertThat(Wire.percentEncode("\ud83d\ude00")).isEqualTo("%F0%9F%98%80");
    assertThat(Wire.percentEncode("\ud800")).isEqualTo("%ED%A0%80");
    assertThat(Wire.percentEncode("x\udc00")).isEqualTo("x%ED%B0%80");
  }

  @Test
  void aPreviewEscapesWhatIsNotPrintableAndSaysWhatItLeftOut() {
    RawRequest r =
        Wire.request("GET", Wire.latin1(new byte[] {'/', (byte) 0xC0, (byte) 0xAF})).build();
    // 7 bytes make 13 characters, past the 10 asked for
    assertThat(r.preview(10))
        .isEqualTo("GET /\\xC0\\xAF... (" + (r.wire().length - 7) + " more bytes)");
  }

  @Test
  void mutationsChangeTheDocumentAndLeaveTheExampleAlone() throws Exception {
    JsonNode example =
        new ObjectMapper()
            .readTree(
                "{\"name\":\"n\",\"price\":1.5,\"tags\":[\"a\",\"b\"],"
                    + "\"nested\":{\"x\":true}}");
    String before = example.toString();
    byte[] original = RawJson.encode(example);
    JsonMutator mutator = new JsonMutator(new SplittableRandom(5));
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      JsonMutator.Mutated m = mutator.mutate(example);
      kinds.add(m.kind());
      assertThat(m.bytes()).as(m.kind()).isNotEqualTo(original);
    }
    assertThat(example.toString()).isEqualTo(before);
    assertThat(kinds)
        .contains(
            "hostile-text",
            "number-token",
            "wrong-type",
            "member-removed",
            "duplicate-member",
            "unknown-member",
            "deep-nesting",
            "far-timestamp",
            "invalid-utf8",
            "truncated",
            "empty-body");
  }

  private static String text(RawRequest r) {
    return new String(r.wire(), StandardCharsets.ISO_8859_1);
  }
}
