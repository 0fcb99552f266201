package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mercato demo --duration 3s --port 0}: traffic flows through HTTP, and a snapshot is left behind. */
class DemoIT {
  private static final Pattern URL = Pattern.compile("readiness:\\s+(http://\\S+?)/ready\\s");

  @TempDir Path dir;

  @Test
  void demoCountsEventsAndLeavesASnapshot() throws Exception {
    Path data = dir.resolve("demo-data");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(Map.of(), dir, InstantSource.system());
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                MercatoCli.execute(
                    new String[] {
                      "demo",
                      "--duration",
                      "3s",
                      "--port",
                      "0",
                      "--rate",
                      "500",
                      "--data-dir",
                      data.toString()
                    },
                    ctx,
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));

    String base = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (base == null && System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = URL.matcher(out.toString());
      base = m.find() ? m.group(1) : null;
      Thread.sleep(20);
    }
    assertThat(base).as("demo banner; stdout: %s; stderr: %s", out, err).isNotNull();
    assertThat(out.toString())
        .contains("curl -s", "/v1/stats", "/v1/users/u-1/profile", "/v1/recommendations/u-1");

    HttpClient http = HttpClient.newHttpClient();
    long total = 0;
    while (total == 0 && !exit.isDone()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/stats")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        total = new ObjectMapper().readTree(r.body()).get("total").asLong();
      }
      Thread.sleep(50);
    }
    assertThat(total).as("events counted while the demo runs").isPositive();
    // the demo set up its campaigns before printing the banner, and serves their ads through
    // /v1/decisions
    HttpResponse<String> campaigns =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/campaigns")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(campaigns.body()).as(campaigns.body()).contains("\"demo-sports\"");
    HttpResponse<String> kpis =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/demo-sports/kpis?window=10m"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(kpis.statusCode()).as(kpis.body()).isEqualTo(200);

    assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("demo stopped:");
    assertThat(out.toString())
        .as("the shoppers asked for recommendations")
        .containsPattern("recommendations: [\\d,]+ items shown");
    assertThat(out.toString())
        .as("the ad loop asked for decisions")
        .containsPattern("ads: [1-9][\\d,]* decisions showed");
    try (Stream<Path> snapshots = Files.list(data.resolve("snapshots"))) {
      assertThat(snapshots.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.matches("snapshot-\\d+\\.bin"));
    }
  }

  /**
   * The demo prints the dashboard first and creates two rules; the on-pace rule is checked as KPIs
   * change (every 5 s at most), so it extends a campaign within seconds of traffic, through the server's
   * evaluator, and the change is in the audit log with the rule's version as its actor.
   */
  @Test
  void demoPrintsTheDashboardFirstAndItsRulesAct() throws Exception {
    Path data = dir.resolve("demo-rules");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(Map.of(), dir, InstantSource.system());
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                MercatoCli.execute(
                    new String[] {
                      "demo",
                      "--duration",
                      "40s",
                      "--port",
                      "0",
                      "--rate",
                      "200",
                      "--data-dir",
                      data.toString()
                    },
                    ctx,
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));
    String base = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (base == null && System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = URL.matcher(out.toString());
      base = m.find() ? m.group(1) : null;
      Thread.sleep(20);
    }
    assertThat(base).as("demo banner; stdout: %s; stderr: %s", out, err).isNotNull();
    assertThat(out.toString().lines().findFirst())
        .as(out.toString())
        .hasValue("Dashboard: " + base + "/");

    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    JsonNode rules =
        json.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/rules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertThat(rules.path("rules").findValuesAsText("id"))
        .contains("demo-low-cvr-discount", "demo-extend-on-pace");
    JsonNode entries = null;
    while (!exit.isDone()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/audit?rule=demo-extend-on-pace"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      entries = json.readTree(r.body()).path("entries");
      if (entries.size() > 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(entries)
        .as("the on-pace rule extended a campaign while the demo ran; stdout: %s", out)
        .isNotEmpty();
    JsonNode e = entries.get(0);
    assertThat(e.path("outcome").asText()).isEqualTo("applied");
    assertThat(e.path("field").asText()).isEqualTo("end");
    assertThat(e.path("actor").path("rule").asText()).isEqualTo("demo-extend-on-pace@1");
    assertThat(Instant.parse(e.path("after").asText()))
        .isEqualTo(Instant.parse(e.path("before").asText()).plus(Duration.ofDays(1)));
    assertThat(exit.get(90, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }
}
