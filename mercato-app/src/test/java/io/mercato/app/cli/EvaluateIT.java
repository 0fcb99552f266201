package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mercato evaluate} end to end on generated files: MovieLens and NCF formats, errors. */
class EvaluateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL =
      List.of("popular", "user_cf", "item_cf", "als", "auto", "mlp", "ranked");

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    Map<String, JsonNode> byStrategy() throws IOException {
      Map<String, JsonNode> m = new LinkedHashMap<>();
      for (String line : out.strip().split("\n")) {
        JsonNode n = JSON.readTree(line);
        m.put(n.get("strategy").asText(), n);
      }
      return m;
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

  /**
   * u.data-format ratings with planted structure (seed 17): 4 taste groups of 40 users; each user rates
   * two of six blockbusters, 14 of the 30 items of their group and one item of another group, one a
   * minute. Popularity can only offer the blockbusters; any CF learns the groups.
   */
  Path plantedRatings() throws IOException {
    Random r = new Random(17);
    StringBuilder b = new StringBuilder();
    long t = 1_700_000_000L;
    for (int u = 1; u <= 160; u++) {
      int g = u % 4;
      List<Integer> mine = new ArrayList<>();
      for (int j = 0; j < 30; j++) {
        mine.add(1000 + g * 30 + j);
      }
      Collections.shuffle(mine, r);
      List<Integer> items = new ArrayList<>(List.of(1 + r.nextInt(3), 4 + r.nextInt(3)));
      items.add(1000 + ((g + 1 + r.nextInt(3)) % 4) * 30 + r.nextInt(30));
      items.addAll(mine.subList(0, 14));
      for (int item : items) {
        b.append(u)
            .append('\t')
            .append(item)
            .append('\t')
            .append(1 + r.nextInt(5))
            .append('\t')
            .append(t += 60)
            .append('\n');
      }
    }
    return Files.writeString(dir.resolve("u.data"), b);
  }

  @Test
  void everyStrategyOnLeaveLastOutBeatsPopularityOnPlantedGroups() throws IOException {
    Path data = plantedRatings();
    Run r =
        mercato(
            "evaluate",
            "--ratings",
            data.getFileName().toString(),
            "--negatives-per-user",
            "50",
            "--seed",
            "42",
            "--json",
            "--no-progress");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, JsonNode> s = r.byStrategy();
    assertThat(s.keySet()).containsExactlyElementsOf(ALL);
    double popular = s.get("popular").get("sampled").get("hr").asDouble();
    for (String name : ALL) {
      JsonNode n = s.get(name);
      assertThat(n.get("split").asText()).isEqualTo("leave-last-out");
      assertThat(n.get("k").asInt()).isEqualTo(10);
      assertThat(n.get("negatives_per_case").asInt()).isEqualTo(50);
      assertThat(n.get("seed").asLong()).isEqualTo(42);
      assertThat(n.get("train_interactions").asInt()).isEqualTo(160 * 16);
      JsonNode sampled = n.get("sampled");
      assertThat(sampled.get("cases").asInt()).isEqualTo(160);
      assertThat(sampled.get("hr").asDouble()).as(name).isBetween(0.0, 1.0);
      assertThat(sampled.get("ndcg").asDouble())
          .as(name)
          .isBetween(0.0, sampled.get("hr").asDouble());
      JsonNode full = n.get("full_catalog");
      assertThat(full.get("users").asInt()).isEqualTo(160);
      assertThat(full.get("hr").asDouble()).as(name).isBetween(0.0, 1.0);
      assertThat(full.get("recall").asDouble())
          .as("one held-out item per user")
          .isEqualTo(full.get("hr").asDouble());
      assertThat(full.get("hr").asDouble())
          .as(name + ": the top 10 of all items is harder than of 51")
          .isLessThanOrEqualTo(sampled.get("hr").asDouble());
      assertThat(n.get("millis").get("state_build").asLong()).isNotNegative();
      assertThat(n.get("parameters").get("weighting").asText()).isEqualTo("binary");
      if (!name.equals("popular")) {
        assertThat(sampled.get("hr").asDouble())
            .as(name + " vs popular " + popular + ": " + r.out())
            .isGreaterThan(popular + 0.2);
        assertThat(n.get("fallbacks").asInt()).isZero();
      }
    }
    assertThat(s.get("als").get("millis").get("als_train").asLong()).isPositive();
    assertThat(s.get("als").get("parameters").get("als-factors").asInt()).isEqualTo(64);
    assertThat(s.get("user_cf").get("parameters").get("user-neighbours").asInt()).isEqualTo(50);

    Run again =
        mercato(
            "evaluate",
            "--ratings",
            data.toString(),
            "--negatives-per-user",
            "50",
            "--json",
            "--strategy",
            "item_cf");
    assertThat(again.byStrategy().get("item_cf").get("sampled"))
        .as("deterministic")
        .isEqualTo(s.get("item_cf").get("sampled"));

    Run table =
        mercato(
            "evaluate", "--ratings", data.toString(), "--strategy", "popular,user_cf", "--k", "5");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out())
        .contains(
            "leave-last-out",
            "2,560 training interactions",
            "160 cases",
            "HR@5",
            "NDCG@5",
            "recall@5",
            "popular",
            "user_cf")
        .doesNotContain("item_cf");
  }

  @Test
  void validationHoldsOutTheLatestTrainingInteraction() throws IOException {
    Path data = plantedRatings();
    Run r =
        mercato(
            "evaluate",
            "--ratings",
            data.toString(),
            "--split",
            "validation",
            "--strategy",
            "item_cf",
            "--json",
            "--item-neighbours",
            "20");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = r.byStrategy().get("item_cf");
    assertThat(n.get("split").asText()).isEqualTo("validation");
    assertThat(n.get("train_interactions").asInt()).isEqualTo(160 * 15);
    assertThat(n.get("parameters").get("item-neighbours").asInt()).isEqualTo(20);
  }

  /** The planted ratings as NCF files: the latest rating per user is the test line, 20 negatives each. */
  @Test
  void ncfFilesAreEvaluatedAsGiven() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(plantedRatings())) {
      rows.add(line.split("\t"));
    }
    Map<String, String[]> last = new HashMap<>();
    Map<String, Set<String>> seen = new HashMap<>();
    for (String[] f : rows) {
      last.put(f[0], f); // the file is in time order per user
      seen.computeIfAbsent(f[0], u -> new HashSet<>()).add(f[1]);
    }
    StringBuilder train = new StringBuilder();
    StringBuilder test = new StringBuilder();
    StringBuilder neg = new StringBuilder();
    Random r = new Random(5);
    for (String[] f : rows) {
      (last.get(f[0]) == f ? test : train).append(String.join("\t", f)).append('\n');
    }
    for (int u = 1; u <= 160; u++) {
      String[] t = last.get(String.valueOf(u));
      neg.append('(').append(t[0]).append(',').append(t[1]).append(')');
      int n = 0;
      while (n < 20) {
        String item = String.valueOf(1000 + r.nextInt(120));
        if (!seen.get(t[0]).contains(item)) {
          neg.append('\t').append(item);
          n++;
        }
      }
      neg.append('\n');
    }
    Files.writeString(dir.resolve("p.train.rating"), train);
    Files.writeString(dir.resolve("p.test.rating"), test);
    Files.writeString(dir.resolve("p.test.negative"), neg);
    Run run =
        mercato(
            "evaluate",
            "--train",
            "p.train.rating",
            "--test",
            "p.test.rating",
            "--negatives",
            "p.test.negative",
            "--strategy",
            "popular,user_cf",
            "--json");
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, JsonNode> s = run.byStrategy();
    assertThat(s.get("user_cf").get("split").asText()).isEqualTo("ncf-files");
    assertThat(s.get("user_cf").get("negatives_per_case").asInt()).isEqualTo(20);
    assertThat(s.get("user_cf").get("seed").isNull()).isTrue();
    assertThat(s.get("user_cf").get("sampled").get("hr").asDouble())
        .isGreaterThan(s.get("popular").get("sampled").get("hr").asDouble());
  }

  @Test
  void badInputExitsWithTwoNamingFileAndLine() throws IOException {
    Files.writeString(dir.resolve("bad.data"), "1\t10\t4\t881250949\n1\t11\t4\n");
    Run r = mercato("evaluate", "--ratings", "bad.data");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.data line 2: expected 4 tab-separated fields");

    Files.writeString(dir.resolve("t.rating"), "1\t10\t4\n");
    Files.writeString(dir.resolve("t.negative"), "(1,10)\t11\n(1 12)\t13\n");
    Run n =
        mercato(
            "evaluate", "--train", "t.rating", "--test", "t.rating", "--negatives", "t.negative");
    assertThat(n.code()).isEqualTo(2);
    assertThat(n.err()).contains("t.negative line 2: expected (user,item) in the first field");

    assertThat(mercato("evaluate").err()).contains("no data: give --ratings FILE");
    assertThat(mercato("evaluate", "--ratings", "missing.data").code()).isEqualTo(2);
    assertThat(mercato("evaluate", "--ratings", "bad.data", "--split", "random").err())
        .contains("unknown --split");
    assertThat(mercato("evaluate", "--ratings", "t.rating", "--strategy", "deep").err())
        .contains("unknown strategy 'deep'");
    Run badFlag = mercato("evaluate", "--ratings", "t.rating", "--user-neighbours", "0");
    assertThat(badFlag.code()).isEqualTo(2);
    assertThat(badFlag.err()).contains("reco.user-neighbours must be in [1, 10000] but was 0");
  }
}
