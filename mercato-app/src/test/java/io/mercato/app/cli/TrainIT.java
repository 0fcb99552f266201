package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.engine.Engine;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mercato train als} offline on a data directory. */
class TrainIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run mercato(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(Map.of(), dir, InstantSource.system());
    int code =
        MercatoCli.execute(args, ctx, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainsFromTheJournalAndTheNextEngineServesTheModel() throws IOException {
    Path data = dir.resolve("data");
    Run empty = mercato("train", "als", "--data-dir", data.toString());
    assertThat(empty.code()).as("nothing to train on yet").isEqualTo(2);
    assertThat(empty.err()).contains("no interaction events");

    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(3)
            .idPrefix("train-it-")
            .clock(InstantSource.fixed(Instant.parse("2026-01-06T12:00:00Z")))
            .build();
    Path file =
        Files.writeString(
            dir.resolve("events.jsonl"),
            new String(EventJson.ndjson(traffic.next(3000)), StandardCharsets.UTF_8));
    assertThat(mercato("replay", file.toString(), "--data-dir", data.toString()).code()).isZero();

    Run r = mercato("train", "als", "--data-dir", data.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out());
    assertThat(s.get("model_version").asText()).startsWith("als-");
    assertThat(s.get("users").asInt()).isPositive();
    assertThat(s.get("interactions").asLong()).isPositive();
    assertThat(data.resolve("models/als.bin")).isRegularFile();
    Engine engine = ReplayIT.open(data);
    try {
      assertThat(engine.alsStatus().modelVersion()).isEqualTo(s.get("model_version").asText());
    } finally {
      engine.close();
    }
    Run bad = mercato("train", "mlp", "--data-dir", data.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("valid: als");
  }
}
