package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SamplingConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.UnsortedSessionLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mercato replay} end to end: JSONL and CSV files into a data directory and over HTTP. */
class ReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV =
      """
      session_id,itemId,eventdate,type,price,channel
      s-1,p-1,2026-01-05,view,,email
      s-1,p-1,2026-01-05 10:00:00,click,,email
      s-1,p-1,1767607200000,purchase,19.90,email
      s-2,p-2,2026-01-05T11:00:00Z,view,,
      s-2,p-2,not-a-date,view,,
      s-3,,2026-01-06,add_to_cart,abc,ads
      """;

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Run mercato(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(Map.of(), dir, InstantSource.system());
    int code =
        MercatoCli.execute(args, ctx, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** 3,000 generated events and two bad lines (lines 1,001 and 3,002). */
  Path jsonlFile() throws IOException {
    // Same week as the CSV below: events more than 7d + 10m older than the newest are refused as
    // too late.
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(7)
            .idPrefix("replay-it-")
            .clock(InstantSource.fixed(Instant.parse("2026-01-06T12:00:00Z")))
            .build();
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
    Engine engine =
        Engine.start(
            EngineConfig.defaults(dataDir), InstantSource.system(), new SimpleMeterRegistry());
    assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
    return engine;
  }

  @Test
  void jsonlIntoADataDirectoryCountsRejectsAndDeduplicates() throws IOException {
    Path file = jsonlFile();
    Path data = dir.resolve("data");
    Run r =
        mercato(
            "replay", file.toString(), "--data-dir", data.toString(), "--json", "--batch", "400");
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
      assertThat(deadLetters)
          .contains(
              "\"source\":\"replay:events.jsonl\"",
              "\"reason\":\"invalid\"",
              "\"index\":1000",
              "\"index\":3001");
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
    Run r =
        mercato(
            "replay",
            file.toString(),
            "--data-dir",
            data.toString(),
            "--speed",
            "1000",
            "--map",
            "session_id=user_id,itemId=item_id,eventdate=timestamp,price=value");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("read\\s+6\n")
        .containsPattern("accepted\\s+4\n")
        .containsPattern("rejected\\s+2 ")
        .contains("line 6: invalid: timestamp:", "line 7: invalid: value: must be a JSON number");
    try (Engine engine = open(data)) {
      assertThat(engine.countsByType())
          .containsExactlyInAnyOrderEntriesOf(Map.of("view", 2L, "click", 1L, "purchase", 1L));
    }
  }

  @Test
  void overHttpToARunningServer() throws IOException {
    Path file = jsonlFile();
    Path csv = Files.writeString(dir.resolve("clicks.csv"), CSV);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine =
        Engine.start(
            EngineConfig.defaults(dir.resolve("server-data")), InstantSource.system(), registry);
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20), engine, registry)) {
      assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
      String target = "http://127.0.0.1:" + server.port();

      Run r = mercato("replay", file.toString(), "--target", target, "--json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("accepted").asLong()).isEqualTo(3000);
      assertThat(r.json().get("rejected").asLong()).isEqualTo(2);
      assertThat(r.json().get("first_rejections").get(0).get("line").asLong()).isEqualTo(1001);

      Run c =
          mercato(
              "replay",
              csv.toString(),
              "--target",
              target,
              "--json",
              "--map",
              "session_id=user_id,itemId=item_id,eventdate=timestamp,price=value");
      assertThat(c.code()).as(c.err()).isZero();
      assertThat(c.json().get("accepted").asLong()).isEqualTo(4);
      assertThat(c.json().get("rejected").asLong()).isEqualTo(2);

      assertThat(total(engine)).isEqualTo(3004);
    } finally {
      engine.close();
    }
  }

  /** Dead letters of every file in {@code dir}, parsed. */
  static List<JsonNode> deadLetters(Path dir) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          all.add(JSON.readTree(line));
        }
      }
    }
    return all;
  }

  static long count(List<JsonNode> letters, String reason) {
    return letters.stream().filter(l -> l.get("reason").asText().equals(reason)).count();
  }

  /** The summary's counts that must not depend on the replay path. */
  static Map<String, Long> outcomes(JsonNode summary) {
    return Map.of(
        "read",
        summary.get("read").asLong(),
        "accepted",
        summary.get("accepted").asLong(),
        "duplicates",
        summary.get("duplicates").asLong(),
        "sampled",
        summary.get("sampled").asLong(),
        "invalid",
        summary.at("/rejected_by_reason/invalid/total").asLong(),
        "too_late",
        summary.at("/rejected_by_reason/too_late/total").asLong());
  }

  /**
   * The finding: a real session log, unsorted by time, replayed into a data directory lost
   * most of its rows without a word ("read 12,391 / accepted 1,599 / rejected 0"). Now every record
   * of a seeded log shaped like it is accounted for, the same on both paths, and every rejected one is
   * dead-lettered with its reason under the replay's source.
   */
  @Test
  void anUnsortedLongTailedLogIsAccountedForAlikeOnBothPaths() throws Exception {
    Instant start = Instant.now().minus(Duration.ofDays(200));
    UnsortedSessionLog log =
        UnsortedSessionLog.generate(13, 6_000, 5_000, start, Duration.ofDays(150));
    Path csv = Files.writeString(dir.resolve("sessions.csv"), log.csv());
    String map = "session_id=user_id,eventdate=timestamp";

    Path data = dir.resolve("data");
    Run intoDir =
        mercato(
            "replay",
            csv.toString(),
            "--data-dir",
            data.toString(),
            "--json",
            "--map",
            map,
            "--set",
            "sampling.rates=click=0.5");
    assertThat(intoDir.code()).as(intoDir.err()).isZero();
    JsonNode d = intoDir.json();
    Map<String, Long> o = outcomes(d);
    assertThat(d.get("balanced").asBoolean()).as(d.get("equation").asText()).isTrue();
    assertThat(o.get("read")).isEqualTo(log.rows());
    assertThat(o.get("read"))
        .isEqualTo(
            o.get("accepted")
                + o.get("duplicates")
                + o.get("sampled")
                + o.get("invalid")
                + o.get("too_late"));
    assertThat(o.get("invalid")).isEqualTo(log.broken());
    assertThat(o.get("too_late"))
        .as("a shuffled 150-day log: most rows come after a newer one")
        .isGreaterThan(3_000);
    assertThat(o.get("sampled")).isPositive();
    assertThat(o.get("duplicates")).isPositive();
    assertThat(d.at("/rejected_by_reason/too_late/by_field/timestamp").asLong())
        .isEqualTo(o.get("too_late"));

    List<JsonNode> letters = deadLetters(data.resolve("dead-letter"));
    assertThat(letters).hasSize((int) (o.get("invalid") + o.get("too_late")));
    assertThat(letters)
        .allSatisfy(l -> assertThat(l.get("source").asText()).isEqualTo("replay:sessions.csv"));
    assertThat(count(letters, "too_late")).isEqualTo(o.get("too_late"));
    assertThat(count(letters, "invalid")).isEqualTo(o.get("invalid"));
    assertThat(letters.stream().filter(l -> l.get("reason").asText().equals("too_late")))
        .allSatisfy(l -> assertThat(l.at("/errors/0/field").asText()).isEqualTo("timestamp"));
    try (Engine engine = open(data)) {
      assertThat(total(engine)).isEqualTo(o.get("accepted"));
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path serverData = dir.resolve("server-data");
    EngineConfig sampled =
        EngineConfig.defaults(serverData).withSampling(new SamplingConfig("click=0.5", 100));
    Engine engine = Engine.start(sampled, InstantSource.system(), registry);
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20), engine, registry)) {
      assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
      String target = "http://127.0.0.1:" + server.port();
      Run overHttp = mercato("replay", csv.toString(), "--target", target, "--json", "--map", map);
      assertThat(overHttp.code()).as(overHttp.err()).isZero();
      JsonNode h = overHttp.json();
      assertThat(h.get("balanced").asBoolean()).as(h.get("equation").asText()).isTrue();
      assertThat(outcomes(h))
          .as("the same file into the same state: the same verdicts")
          .isEqualTo(o);
      assertThat(total(engine)).isEqualTo(o.get("accepted"));

      List<JsonNode> served = deadLetters(serverData.resolve("dead-letter"));
      assertThat(served).hasSize(letters.size());
      assertThat(served)
          .allSatisfy(l -> assertThat(l.get("source").asText()).isEqualTo("replay:sessions.csv"));
      assertThat(count(served, "too_late")).isEqualTo(o.get("too_late"));

      HttpResponse<String> q =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(target + "/v1/quality")).build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode quality = JSON.readTree(q.body());
      JsonNode source = quality.get("sources").get(0);
      assertThat(source.get("source").asText()).isEqualTo("replay:sessions.csv");
      assertThat(source.at("/accounting/read").asLong())
          .as("every row reached the server")
          .isEqualTo(o.get("read"));
      assertThat(source.at("/accounting/balanced").asBoolean()).isTrue();
      assertThat(source.at("/accounting/rejected/too_late").asLong()).isEqualTo(o.get("too_late"));
      assertThat(source.at("/accounting/sampled").asLong()).isEqualTo(o.get("sampled"));
    } finally {
      engine.close();
    }
  }

  @Test
  void unreachableTargetIsARuntimeError() throws IOException {
    Path file = jsonlFile();
    Run r = mercato("replay", file.toString(), "--target", "http://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("mercato replay: cannot connect to http://127.0.0.1:1/v1/events");
  }
}
