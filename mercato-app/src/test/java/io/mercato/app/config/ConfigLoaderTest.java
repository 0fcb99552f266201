package io.mercato.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.engine.journal.FsyncPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private MercatoConfig load(Map<String, String> env, Path file, ConfigOverride... flags) {
    return new ConfigLoader(env, dir).load(file, List.of(flags)).config();
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("test.yaml"), text);
  }

  static String reference() throws IOException {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/mercato.reference.yaml")) {
      assertThat(in).as("mercato.reference.yaml on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void nothingSetGivesTheDefaults() {
    assertThat(load(Map.of(), null)).isEqualTo(MercatoConfig.defaults());
  }

  @Test
  void referenceFileParsesToTheDefaults() throws IOException {
    assertThat(load(Map.of(), yaml(reference()))).isEqualTo(MercatoConfig.defaults());
  }

  @Test
  void referenceFileDocumentsEveryKeyAndNoOther() throws IOException {
    JsonNode tree = ConfigLoader.parseYaml(reference());
    assertThat(ConfigTree.leafPaths(tree)).containsExactlyElementsOf(ConfigLoader.keyPaths());
  }

  /** The README's configuration table is the user-facing copy of the reference; keep them equal. */
  @Test
  void readmeTableListsEveryKeyWithItsDefault() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    JsonNode tree = ConfigLoader.parseYaml(reference());
    for (String path : ConfigLoader.keyPaths()) {
      JsonNode value = tree.at("/" + path.replace('.', '/'));
      assertThat(text)
          .as("README row for %s", path)
          .contains("| `" + path + "` | `" + value.asText() + "` |");
    }
  }

  @Test
  void everyKeyOfTheReferenceHasAComment() throws IOException {
    List<String> lines = reference().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("  ") && !line.trim().startsWith("#") && line.contains(":")) {
        assertThat(lines.get(i - 1).trim()).as("comment above %s", line.trim()).startsWith("#");
      }
    }
  }

  @Test
  void printedConfigReadsBackToTheSameConfig() throws IOException {
    MercatoConfig custom =
        load(
            Map.of(),
            yaml(
                "journal:\n  fsync: never\n  segment-bytes: 512KiB\nsnapshot:\n  interval: 90s\n"));
    String printed = ConfigLoader.toYaml(custom);
    assertThat(printed)
        .contains("fsync: never", "segment-bytes: 512KiB", "interval: 90s", "max-body-bytes: 5MiB");
    assertThat(load(Map.of(), yaml(printed))).isEqualTo(custom);
  }

  @Test
  void fileOverridesDefaults() throws IOException {
    MercatoConfig c =
        load(
            Map.of(),
            yaml(
                """
        server:
          port: 9000
          max-body-bytes: 1MiB
        engine:
          data-dir: /var/lib/mercato
        journal:
          fsync: INTERVAL
          fsync-interval: PT0.01S
          segment-bytes: 1048576
        dedup:
          horizon: 7d
        """));
    assertThat(c.server().port()).isEqualTo(9000);
    assertThat(c.server().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(c.engine().dataDir()).isEqualTo(Path.of("/var/lib/mercato"));
    assertThat(c.journal().fsync()).isEqualTo(FsyncPolicy.INTERVAL);
    assertThat(c.journal().fsyncInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(c.journal().segmentBytes()).isEqualTo(1 << 20);
    assertThat(c.dedup().horizon()).isEqualTo(Duration.ofDays(7));
    assertThat(c.snapshot()).isEqualTo(MercatoConfig.defaults().snapshot());
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    Path file = yaml("server:\n  port: 9000\njournal:\n  fsync-interval: 50ms\n");
    MercatoConfig c =
        load(
            Map.of(
                "MERCATO_SERVER_PORT",
                "9100",
                "MERCATO_JOURNAL_FSYNC_INTERVAL",
                "10ms",
                "MERCATO_LIMITS_MAX_ID_LENGTH",
                "64",
                "MERCATO_SERVER_MAX_BODY_BYTES",
                "2MiB"),
            file);
    assertThat(c.server().port()).isEqualTo(9100);
    assertThat(c.journal().fsyncInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(c.limits().maxIdLength()).isEqualTo(64);
    assertThat(c.server().maxBodyBytes()).isEqualTo(2 << 20);
  }

  @Test
  void flagBeatsEnvironmentBeatsFile() throws IOException {
    Path file = yaml("server:\n  port: 9000\n  host: 10.0.0.1\nengine:\n  shards: 2\n");
    MercatoConfig c =
        load(
            Map.of("MERCATO_SERVER_PORT", "9100", "MERCATO_ENGINE_SHARDS", "3"),
            file,
            new ConfigOverride("server.port", "9200", "--port"));
    assertThat(c.server().port()).isEqualTo(9200);
    assertThat(c.engine().shards()).isEqualTo(3);
    assertThat(c.server().host()).isEqualTo("10.0.0.1");
  }

  @Test
  void theCampaignDatabaseIsEmbeddedUnlessAUrlIsGivenAndItsPasswordIsNeverPrinted() {
    assertThat(load(Map.of(), null).db().embedded()).isTrue();
    MercatoConfig c =
        load(
            Map.of("MERCATO_DB_PASSWORD", "s3cret", "MERCATO_DB_USER", "mercato"),
            null,
            new ConfigOverride("db.url", "jdbc:postgresql://db:5432/mercato", "--db"));
    assertThat(c.db().url()).isEqualTo("jdbc:postgresql://db:5432/mercato");
    assertThat(c.engineConfig().db()).isEqualTo(c.db());
    assertThat(ConfigLoader.toYaml(c))
        .contains("url: jdbc:postgresql://db:5432/mercato", "password: '***'")
        .doesNotContain("s3cret");
    assertThatThrownBy(() -> load(Map.of("MERCATO_DB_URL", "jdbc:mysql://db/m"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void setFlagReachesAnyKey() {
    MercatoConfig c =
        load(
            Map.of(),
            null,
            ConfigOverride.parseSet("journal.fsync=never"),
            ConfigOverride.parseSet("limits.max-future=2h"));
    assertThat(c.journal().fsync()).isEqualTo(FsyncPolicy.NEVER);
    assertThat(c.limits().maxFuture()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void mercatoYamlInTheWorkingDirectoryIsReadWhenNoFileIsGiven() throws IOException {
    Files.writeString(dir.resolve("mercato.yaml"), "snapshot:\n  keep: 5\n");
    LoadedConfig loaded = new ConfigLoader(Map.of(), dir).load(null, List.of());
    assertThat(loaded.config().snapshot().keep()).isEqualTo(5);
    assertThat(loaded.file()).isEqualTo(dir.resolve("mercato.yaml"));
  }

  @Test
  void mercatoConfigVariableNamesTheFile() throws IOException {
    Path file = yaml("snapshot:\n  keep: 7\n");
    assertThat(load(Map.of("MERCATO_CONFIG", file.toString()), null).snapshot().keep())
        .isEqualTo(7);
  }

  @Test
  void emptyFileChangesNothing() throws IOException {
    assertThat(load(Map.of(), yaml("# nothing yet\n"))).isEqualTo(MercatoConfig.defaults());
  }

  @Test
  void unknownKeyIsAnErrorNamingTheKeyTheFileAndTheLikelyKey() throws IOException {
    Path file = yaml("journal:\n  fsnyc: group\n");
    assertThatThrownBy(() -> load(Map.of(), file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key 'journal.fsnyc'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("did you mean 'journal.fsync'?");
  }

  @Test
  void misplacedKeyPointsToItsSection() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("server:\n  data-dir: /tmp/x\n")))
        .hasMessageContaining("unknown configuration key 'server.data-dir'")
        .hasMessageContaining("did you mean 'engine.data-dir'?");
  }

  @Test
  void unknownTopLevelSectionIsAnError() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("journl:\n  fsync: group\n")))
        .hasMessageContaining("unknown configuration key 'journl'")
        .hasMessageContaining("did you mean 'journal'?");
  }

  @Test
  void badDurationNamesTheKeyAndTheAcceptedForms() throws IOException {
    Path file = yaml("snapshot:\n  interval: 10 parsecs\n");
    assertThatThrownBy(() -> load(Map.of(), file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("snapshot.interval (" + file + "): ")
        .hasMessageContaining("expected a duration such as 500ms, 10s");
  }

  @Test
  void bareNumberForADurationAsksForAUnit() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("snapshot:\n  interval: 60\n")))
        .hasMessageContaining("snapshot.interval")
        .hasMessageContaining("60s");
  }

  @Test
  void badEnumListsTheChoices() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("journal:\n  fsync: sometimes\n")))
        .hasMessageContaining("journal.fsync")
        .hasMessageContaining("expected one of group, interval, never; got \"sometimes\"");
    assertThatThrownBy(() -> load(Map.of(), yaml("journal:\n  fsync: 1\n")))
        .hasMessageContaining("journal.fsync");
  }

  @Test
  void badValueFromTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(() -> load(Map.of("MERCATO_SERVER_PORT", "eighty"), null))
        .hasMessage(
            "server.port (environment variable MERCATO_SERVER_PORT): expected a whole number; got \"eighty\"");
  }

  @Test
  void valueRefusedByTheComponentNamesTheSection() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("journal:\n  segment-bytes: 100\n")))
        .hasMessageStartingWith("journal")
        .hasMessageContaining("at least 4096");
    assertThatThrownBy(
            () -> load(Map.of(), null, new ConfigOverride("server.port", "70000", "--port")))
        .hasMessageStartingWith("server")
        .hasMessageContaining("between 0 and 65535");
  }

  @Test
  void sizesAndNumbersAreChecked() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("journal:\n  segment-bytes: 64MB\n")))
        .hasMessageContaining("journal.segment-bytes")
        .hasMessageContaining("64MiB");
    assertThatThrownBy(() -> load(Map.of(), yaml("engine:\n  shards: 1.5\n")))
        .hasMessageContaining("engine.shards");
    assertThatThrownBy(() -> load(Map.of(), yaml("server:\n  max-body-bytes: 4GiB\n")))
        .hasMessageContaining("server.max-body-bytes")
        .hasMessageContaining("at most 2147483647");
  }

  @Test
  void structureMismatchesAreExplained() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("server: 8080\n")))
        .hasMessageContaining("server")
        .hasMessageContaining("expected a section with the keys host, port, max-body-bytes");
    assertThatThrownBy(() -> load(Map.of(), yaml("server:\n  port:\n")))
        .hasMessageContaining("server.port")
        .hasMessageContaining("has no value");
    assertThatThrownBy(() -> load(Map.of(), yaml("- a\n- b\n")))
        .hasMessageContaining("expected a mapping");
  }

  @Test
  void duplicateKeysAndBrokenYamlAreErrors() throws IOException {
    assertThatThrownBy(() -> load(Map.of(), yaml("server:\n  port: 1\n  port: 2\n")))
        .hasMessageContaining("cannot parse")
        .hasMessageContaining("port");
    assertThatThrownBy(() -> load(Map.of(), yaml("server:\n  port: [1\n")))
        .hasMessageContaining("cannot parse")
        .hasMessageContaining("line");
  }

  @Test
  void unknownFlagKeyIsAnError() {
    assertThatThrownBy(
            () -> load(Map.of(), null, ConfigOverride.parseSet("journal.fsync-intervall=1s")))
        .hasMessageContaining("unknown configuration key 'journal.fsync-intervall' in --set")
        .hasMessageContaining("did you mean 'journal.fsync-interval'?");
    assertThatThrownBy(() -> ConfigOverride.parseSet("journal.fsync"))
        .hasMessageContaining("KEY=VALUE");
  }

  @Test
  void missingExplicitFileIsAnError() {
    assertThatThrownBy(() -> load(Map.of(), dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  void unknownMercatoVariablesAreWarnedAbout() {
    LoadedConfig loaded =
        new ConfigLoader(
                Map.of("MERCATO_SERVER_PROT", "1", "MERCATO_JAVA_OPTS", "-Xmx1g", "PATH", "/bin"),
                dir)
            .load(null, List.of());
    assertThat(loaded.warnings()).singleElement().asString().contains("MERCATO_SERVER_PROT");
  }

  @Test
  void environmentNamesFollowTheKeyPath() {
    assertThat(ConfigLoader.envName("journal.fsync-interval"))
        .isEqualTo("MERCATO_JOURNAL_FSYNC_INTERVAL");
    assertThat(ConfigLoader.envName("server.max-body-bytes"))
        .isEqualTo("MERCATO_SERVER_MAX_BODY_BYTES");
  }
}
