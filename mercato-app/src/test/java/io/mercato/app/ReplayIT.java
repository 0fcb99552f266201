package io.mercato.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.testkit.EventJson;
import io.mercato.testkit.SyntheticTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mercato replay} end to end: JSONL and CSV files into a data directory and over HTTP. */
class ReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV = """
      session_id,itemId,eventdate,type,price,channel
      s-1,p-1,2026-01-05,view,,email
      s-1,p-1,2026-01-05 10:00:00,click,,email
      s-1,p-1,1767607200000,purchase,19.90,email
      s-2,p-2,2026-01-05T11:00:00Z,view,,
      s-2,p-2,not-a-date,view,,
      s-3,,2026-01-06,add_to_cart,abc,ads
      """;

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Run mercato(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(Map.of(), dir, InstantSource.system());
    int code = MercatoCli.execute(args, ctx, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** 3,000 generated events and two bad lines (lines 1,001 and 3,002). */
  Path jsonlFile() throws IOException {
    // Same week as the CSV below: events more than 7d + 10m older than the newest are refused as too late.
    SyntheticTraffic traffic = SyntheticTraffic.builder().seed(7).idPrefix("replay-it-")
        .clock(java.time.InstantSource.fixed(java.time.Instant.parse("2026-01-06T12:00:00Z"))).build();
    Path f = dir.resolve("events.jsonl");
    StringBuilder b = new StringBuilder();
    b.append(new String(EventJson.ndjson(traffic.next(1000)), StandardCharsets.UTF_8));
    b.append("{\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n");
    b.append(new String(EventJson.ndjson(traffic.next(2000)), StandardCharsets.UTF_8));
    b.append("this is not json\n");
    return Files.writeString(f, b);
  }

  static long total(Engine engine) {
    return engine.countsByType().values().stream().mapToLong(Long::longValue).sum();
  }

  static Engine open(Path dataDir) {
    Engine engine = Engine.start(EngineConfig.defaults(dataDir), InstantSource.system(), new SimpleMeterRegistry());
    assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
    return engine;
  }

  @Test
  void jsonlIntoADataDirectoryCountsRejectsAndDeduplicates() throws IOException {
    Path file = jsonlFile();
    Path data = dir.resolve("data");
    Run r = mercato("replay", file.toString(), "--data-dir", data.toString(), "--json", "--batch", "400");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = r.json();
    assertThat(s.get("read").asLong()).isEqualTo(3002);
    assertThat(s.get("accepted").asLong()).isEqualTo(3000);
    assertThat(s.get("duplicates").asLong()).isZero();
    assertThat(s.get("rejected").asLong()).isEqualTo(2);
    assertThat(s.get("first_rejections").get(0).get("line").asLong()).isEqualTo(1001);
    assertThat(s.get("first_rejections").get(0).get("field").asText()).isEqualTo("user_id");
    assertThat(s.get("first_rejections").get(1).get("line").asLong()).isEqualTo(3002);

    try (Stream<Path> files = Files.list(data.resolve("dead-letter"))) {
      String deadLetters = Files.readString(files.findFirst().orElseThrow());
      assertThat(deadLetters).contains("\"source\":\"replay:" + file + "\"", "\"index\":1000", "\"index\":3001");
    }

    Run again = mercato("replay", file.toString(), "--data-dir", data.toString(), "--json");
    assertThat(again.json().get("duplicates").asLong()).isEqualTo(3000);
    assertThat(again.json().get("accepted").asLong()).isZero();

    try (Engine engine = open(data)) {
      assertThat(total(engine)).isEqualTo(3000);
    }
  }

  @Test
  void csvWithColumnMappingIntoADataDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.csv"), CSV);
    Path data = dir.resolve("data");
    Run r = mercato("replay", file.toString(), "--data-dir", data.toString(), "--speed", "1000",
        "--map", "session_id=user_id,itemId=item_id,eventdate=timestamp,price=value");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("read\\s+6\n").containsPattern("accepted\\s+4\n")
        .containsPattern("rejected\\s+2 ").contains("line 6: timestamp:", "line 7: value: must be a JSON number");
    try (Engine engine = open(data)) {
      assertThat(engine.countsByType()).containsExactlyInAnyOrderEntriesOf(Map.of("view", 2L, "click", 1L, "purchase", 1L));
    }
  }

  @Test
  void overHttpToARunningServer() throws IOException {
    Path file = jsonlFile();
    Path csv = Files.writeString(dir.resolve("clicks.csv"), CSV);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine = Engine.start(EngineConfig.defaults(dir.resolve("server-data")), InstantSource.system(), registry);
    try (MercatoServer server = MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20), engine, registry)) {
      assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
      String target = "http://127.0.0.1:" + server.port();

      Run r = mercato("replay", file.toString(), "--target", target, "--json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("accepted").asLong()).isEqualTo(3000);
      assertThat(r.json().get("rejected").asLong()).isEqualTo(2);
      assertThat(r.json().get("first_rejections").get(0).get("line").asLong()).isEqualTo(1001);

      Run c = mercato("replay", csv.toString(), "--target", target, "--json",
          "--map", "session_id=user_id,itemId=item_id,eventdate=timestamp,price=value");
      assertThat(c.code()).as(c.err()).isZero();
      assertThat(c.json().get("accepted").asLong()).isEqualTo(4);
      assertThat(c.json().get("rejected").asLong()).isEqualTo(2);

      assertThat(total(engine)).isEqualTo(3004);
    } finally {
      engine.close();
    }
  }

  @Test
  void unreachableTargetIsARuntimeError() throws IOException {
    Path file = jsonlFile();
    Run r = mercato("replay", file.toString(), "--target", "http://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("mercato replay: cannot connect to http://127.0.0.1:1/v1/events");
  }
}
