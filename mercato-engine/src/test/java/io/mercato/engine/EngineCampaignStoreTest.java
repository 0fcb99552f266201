package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.event.Event;
import io.mercato.store.sql.DatabaseConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns through the engine: the embedded database under the data directory, segments over live profiles. */
class EngineCampaignStoreTest {
  static final long T = EngineTest.CLOCK.millis() - 60_000;
  @TempDir Path dir;
  final List<Engine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  Engine start() {
    Engine e =
        Engine.start(
            EngineConfig.defaults(dir).withDb(DatabaseConfig.defaults()),
            EngineTest.CLOCK,
            new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  static Campaign campaign(Engine e, String id, String segment) {
    String json =
        "{\"name\": \""
            + id
            + "\", \"start\": \"2026-11-01T00:00:00Z\", \"end\": \"2026-12-01T00:00:00Z\","
            + " \"status\": \"active\", \"currency\": \"EUR\", \"total_budget\": 100, \"daily_budget\": 10"
            + (segment == null ? "" : ", \"segment\": \"" + segment.replace("\"", "\\\"") + "\"")
            + "}";
    return e.campaigns().readCampaign(json.getBytes(StandardCharsets.UTF_8), id);
  }

  static Event click(String id, String user, String category, long t) {
    return new Event(id, false, "click", user, "p-" + id, null, null, category, null, t, Map.of());
  }

  @Test
  void aUserIsInTheSegmentsTheirEventsPutThemInRightAfterIngest() {
    Engine e = start();
    e.campaigns()
        .putCampaign(
            campaign(
                e,
                "sporty",
                "profile.affinity[\"sports\"] > 0.5 && profile.counts[\"click\"][\"10m\"] >= 2"));
    e.campaigns().putCampaign(campaign(e, "everyone", null));
    SegmentInput before = e.segmentInput("u-1");
    assertThat(before.profile().firstSeenMillis()).isNull();
    assertThat(e.campaigns().segmentsOf(before)).isEmpty();
    e.ingest(List.of(click("e1", "u-1", "sports", T), click("e2", "u-1", "sports", T + 1_000)));
    assertThat(e.campaigns().segmentsOf(e.segmentInput("u-1")))
        .extracting(Campaign::id)
        .containsExactly("sporty");
  }

  @Test
  void definitionsLiveInTheDataDirectoryAcrossRestarts() {
    Engine e = start();
    e.campaigns().putCampaign(campaign(e, "c", "profile.purchased('p-9')"));
    e.close();
    open.remove(e);
    assertThat(dir.resolve("db").resolve("mercato.mv.db")).exists();
    Engine again = start();
    assertThat(again.campaigns().inventory().campaign("c")).isNotNull();
    assertThat(again.campaigns().inventory().segmentOf("c").expression())
        .isEqualTo("profile.purchased('p-9')");
  }
}
