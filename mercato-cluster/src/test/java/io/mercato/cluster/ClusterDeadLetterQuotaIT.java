package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.core.event.DeadLetterBudget;
import io.mercato.core.event.EventLimits;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.deadletter.DeadLetterConfig;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.sql.DatabaseConfig;
import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 7 on a cluster API node, against a real broker: a body of tiny broken records is
 * answered in bounded size and produces at most its batch budget ({@link io.mercato.core.event.DeadLetterBudget}) to the dead-letter topic,
 * and the node's quota ({@code dead-letter.max-bytes} per {@code dead-letter.retention}) stops what
 * comes after, counting it.
 */
class ClusterDeadLetterQuotaIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  // above one batch's budget (about 2.9 MB here), below two
  private static final int QUOTA = 4 << 20;
  @TempDir Path dir;

  @Test
  void deadLettersOfABatchAreBoundedAndTheNodeQuotaDropsTheRest() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        RedisServer redis = RedisServer.start()) {
      broker.createTopic(KafkaSettings.DEFAULT_TOPIC, 1);
      broker.createTopic(KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC, 1);
      ClusterSettings settings =
          new ClusterSettings(
              new KafkaSettings(
                  broker.bootstrap(),
                  KafkaSettings.DEFAULT_TOPIC,
                  KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC,
                  Duration.ofSeconds(10),
                  new DeadLetterConfig(QUOTA, Duration.ofHours(1))),
              new RedisConfig(
                  List.of(redis.uri()),
                  false,
                  ClusterFixture.prefix("dlq"),
                  RedisConfig.DEFAULT_TTL,
                  Duration.ofSeconds(5)),
              ClusterFixture.layout(),
              StatsConfig.defaults().ratePriorStrength(),
              EventLimits.defaults(),
              new DatabaseConfig(
                  "jdbc:h2:file:" + dir.resolve("campaigns").toAbsolutePath(), "", "", 2));
      try (ClusterFixture.Node node = ClusterFixture.Node.start(settings)) {
        int lines = 150_000; // 450,000 bytes of "{}\n"
        String body = "{}\n".repeat(lines);
        HttpResponse<String> first = node.http().post("/v1/events", "application/x-ndjson", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.path("rejected_count").asInt()).isEqualTo(lines);
        assertThat(answer.path("rejected")).hasSize(1_000);
        assertThat(first.body().length()).isLessThan(256 * 1024);

        double produced = metric(node, "mercato_dead_letters_produced_total");
        double bytes = metric(node, "mercato_dead_letters_produced_bytes_total");
        // the batch budget (twice the rejected text, 2 bytes a record, plus a per-record allowance
        // for the
        // first 10,000 and 64 KiB), the rest in one summary
        assertThat(bytes).isLessThan(DeadLetterBudget.budget(2L * lines, lines) + 4 * 1024);
        assertThat(metric(node, "mercato_dead_letters_summarised_total") + produced - 1)
            .isEqualTo(lines);
        assertThat(metric(node, "mercato_events_rejected_total")).isEqualTo(lines);

        // a second body finds most of the quota spent: what does not fit is dropped and counted
        HttpResponse<String> second = node.http().post("/v1/events", "application/x-ndjson", body);
        assertThat(second.statusCode()).isEqualTo(202);
        double dropped = metric(node, "mercato_dead_letters_dropped_total");
        assertThat(dropped).isPositive();
        double allBytes = metric(node, "mercato_dead_letters_produced_bytes_total");
        assertThat(allBytes).isLessThanOrEqualTo(QUOTA);

        int records = (int) metric(node, "mercato_dead_letters_produced_total");
        List<Topics.Read> letters =
            Topics.readAll(
                broker.bootstrap(),
                KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC,
                records,
                Duration.ofSeconds(30));
        assertThat(letters).hasSize(records);
        assertThat(
                letters.stream()
                    .mapToLong(l -> l.value().getBytes(StandardCharsets.UTF_8).length)
                    .sum())
            .isEqualTo((long) allBytes);
        assertThat(letters)
            .anySatisfy(l -> assertThat(l.value()).contains("\"field\":\"dead_letter\""));
      }
    }
  }

  private static double metric(ClusterFixture.Node node, String name) {
    String text = node.http().get("/metrics").body();
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(text);
    assertThat(m.find()).as("%s in /metrics", name).isTrue();
    return Double.parseDouble(m.group(2));
  }
}
