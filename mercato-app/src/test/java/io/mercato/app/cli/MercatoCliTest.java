package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.testkit.ManualClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MercatoCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(env, dir, ManualClock.at("2026-01-01T00:00:00Z"));
    int code =
        MercatoCli.execute(args, ctx, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  Run run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"serve", "demo", "replay", "train", "evaluate", "bench"}) {
      Run r = run(cmd, "--help");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: mercato " + cmd);
    }
    Run top = run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("serve", "demo", "replay", "evaluate");
    assertThat(run("help", "evaluate").out())
        .contains("--ratings", "--split", "--user-neighbours", "(default: 50)");
    assertThat(run("help", "replay").out()).contains("--map");
    assertThat(run("--version").out()).startsWith("mercato ");
  }

  @Test
  void benchWithoutTheBenchJarSaysWhereTheHarnessesAre() {
    Run r = run("bench", "engine", "--quick");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not in mercato.jar", "./mercato bench", "mercato-bench.jar");
  }

  @Test
  void usageErrorsExitWithTwoAndOneLine() {
    Run r = run("serve", "--prot");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("mercato serve: Unknown option: '--prot'").contains("--help");
    assertThat(run().code()).isEqualTo(2);
    assertThat(run("replay").err()).contains("Missing required parameter: 'FILE'");
    assertThat(run("replay", "x.jsonl", "--target", "http://h:1", "--data-dir", "d").err())
        .contains("mutually exclusive");
  }

  @Test
  void printConfigShowsTheEffectiveConfiguration() throws IOException {
    Files.writeString(dir.resolve("mercato.yaml"), "journal:\n  fsync: interval\n");
    Run r =
        run(
            Map.of("MERCATO_SNAPSHOT_KEEP", "4"),
            "serve",
            "--print-config",
            "--port",
            "9999",
            "--set",
            "dedup.horizon=2h");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "port: 9999", "fsync: interval", "keep: 4", "horizon: 2h", "segment-bytes: 64MiB");
  }

  @Test
  void configErrorsExitWithTwoWithoutAStackTrace() throws IOException {
    Files.writeString(dir.resolve("mercato.yaml"), "snapshot:\n  intervall: 1m\n");
    Run r = run("serve", "--print-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "mercato serve: unknown configuration key 'snapshot.intervall' in "
                + dir.resolve("mercato.yaml")
                + " (did you mean 'snapshot.interval'?)");
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Files.writeString(dir.resolve("mercato.yaml"), "snapshot:\n  intervall: 1m\n");
    Run r = run("serve", "--print-config", "--verbose");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ConfigException", "\tat ");
  }

  @Test
  void replayUsageErrors() throws IOException {
    assertThat(run("replay", "missing.jsonl").err()).contains("no such file: missing.jsonl");
    Files.writeString(dir.resolve("events.txt"), "{}");
    Run r = run("replay", "events.txt");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("add --format jsonl or --format csv");
    Files.writeString(dir.resolve("e.jsonl"), "{}");
    assertThat(run("replay", "e.jsonl", "--map", "a=user_id").err()).contains("CSV files only");
    assertThat(run("replay", "e.jsonl", "--speed", "fast").err())
        .contains("--speed must be max or a positive number");
    Files.writeString(dir.resolve("e.csv"), "a,b\n1,2\n");
    Run csv = run("replay", "e.csv");
    assertThat(csv.code()).isEqualTo(2);
    assertThat(csv.err()).contains("required field type");
    assertThat(run("demo", "--duration", "soon").err()).contains("--duration: expected a duration");
  }
}
