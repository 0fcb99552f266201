package io.mercato.engine.legacy;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.ReadResult;
import io.mercato.core.runtime.IngestResult;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;

/**
 * Writes the data directories of {@code src/test/resources/legacy-invalid-unicode/} that
 * {@code LegacyInvalidUnicodeRecoveryTest} loads: what the engine of commit {@code bc864af} (before
 * invalid Unicode was refused) left on disk after accepting events, catalog items, a campaign and an
 * ad whose strings hold lone UTF-16 surrogates, overlong UTF-8 and bytes beyond U+10FFFF. That code
 * wrote every such string as {@code ?} ({@code String.getBytes(UTF_8)}), so its own snapshots did not
 * load again ({@code UserProfile categories out of order: "?" after "b"}).
 *
 * <p>It was run once, at {@code bc864af}, and its output committed; the code of later commits refuses
 * these inputs by design, so running it again fails at the first write. Kept as the record of how the
 * directories were made:
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-engine -am
 * java -cp "mercato-engine/target/test-classes:mercato-engine/target/classes:$(cat cp.txt)" \
 *     io.mercato.engine.legacy.LegacyDataDirGenerator mercato-engine/src/test/resources/legacy-invalid-unicode
 * </pre>
 * ({@code cp.txt} from {@code dependency:build-classpath -Dmdep.includeScope=test}).
 *
 * <p>Two directories are written:
 * <ul>
 *   <li>{@code killed/}: a copy of the live directory taken while the engine still ran, after the
 *       second batch was acknowledged: a snapshot covering phase 1 plus a journal tail (phase 2) and a
 *       catalog change log no snapshot covers, as a {@code kill -9} leaves them.
 *   <li>{@code stopped/}: the same directory after a clean {@link Engine#close()}, whose final
 *       snapshot covers everything.
 * </ul>
 */
public final class LegacyDataDirGenerator {
  /** The clock of the run; the test loads with the same one. */
  public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private LegacyDataDirGenerator() {}

  /** The engine configuration of the run: two shards, small journal segments. */
  public static EngineConfig config(Path dir) {
    EngineConfig d = EngineConfig.defaults(dir);
    return new EngineConfig(
        dir,
        2,
        1000,
        new JournalConfig(8192, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ofDays(7)),
        new SnapshotConfig(Duration.ofHours(1), 2),
        d.dedup(),
        d.limits(),
        d.stats(),
        d.sampling(),
        d.profile());
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path live = Files.createTempDirectory("legacy-live");
    Engine engine = Engine.start(config(live), InstantSource.fixed(NOW), new SimpleMeterRegistry());
    if (!engine.awaitReady(Duration.ofSeconds(60))) {
      throw new IllegalStateException("engine not ready: " + engine.status());
    }
    // Phase 1: definitions, catalog and events; then a snapshot (which also compacts the catalog).
    Campaign c =
        engine
            .campaigns()
            .readCampaign(
                utf8(
                    """
        {"name": "Sale \\ud800", "start": "2026-11-01T00:00:00Z", "end": "2026-12-31T00:00:00Z",
         "status": "active", "currency": "EUR", "total_budget": 1000, "daily_budget": 100}"""),
                "c-\ud800");
    engine.campaigns().putCampaign(c);
    Ad ad =
        engine
            .campaigns()
            .readAd(
                utf8(
                    """
        {"campaign_id": "c-\\ud800", "creative": {"title": "T \\udc00", "landing_url": "https://shop.example/x"},
         "category": "b", "placements": ["home"], "bid": {"type": "cpc", "amount": "0.40"}}"""),
                "ad-\ud800");
    engine.campaigns().putAd(ad);
    engine.putItems(
        engine
            .catalogReader()
            .readBatch(
                utf8(
                    """
        {"item_id": "i-\\ud800", "category": "k-\\udc00", "price": 5, "attributes": {"brand": "acme-\\udc00"}}
        {"item_id": "i-\\udc00", "category": "k", "price": 6}
        {"item_id": "i-?", "category": "k", "price": 7}
        {"item_id": "i-a", "category": "\\ud800", "price": 8}
        """),
                EventJsonReader.Format.NDJSON));
    ingest(
        engine,
        bytes(
            lines(
                "{\"event_id\":\"e-1\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-1\",\"category\":\"b\",\"timestamp\":\"2026-11-24T11:00:00Z\"}",
                "{\"event_id\":\"e-2\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-2\",\"category\":\"\\ud800\",\"timestamp\":\"2026-11-24T11:01:00Z\"}",
                "{\"event_id\":\"e-3\",\"type\":\"click\",\"user_id\":\"u-1\",\"item_id\":\"p-\\ud800\",\"category\":\"a\",\"timestamp\":\"2026-11-24T11:02:00Z\"}",
                "{\"event_id\":\"e-4\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-\\udc00\",\"category\":\"a\",\"timestamp\":\"2026-11-24T11:03:00Z\"}",
                "{\"event_id\":\"e-5\",\"type\":\"purchase\",\"user_id\":\"u-\\ud800\",\"item_id\":\"p-1\",\"category\":\"b\",\"value\":10,\"timestamp\":\"2026-11-24T11:04:00Z\"}",
                "{\"event_id\":\"e-6\",\"type\":\"view\",\"user_id\":\"u-\\udc00\",\"item_id\":\"p-1\",\"category\":\"b\",\"timestamp\":\"2026-11-24T11:05:00Z\"}",
                "{\"event_id\":\"e-7\",\"type\":\"view\",\"user_id\":\"u-?\",\"item_id\":\"p-3\",\"category\":\"c\",\"timestamp\":\"2026-11-24T11:06:00Z\"}",
                "{\"event_id\":\"x-\\ud800\",\"type\":\"view\",\"user_id\":\"u-2\",\"item_id\":\"p-3\",\"timestamp\":\"2026-11-24T11:07:00Z\"}",
                "{\"event_id\":\"x-\\udc00\",\"type\":\"view\",\"user_id\":\"u-2\",\"item_id\":\"p-4\",\"timestamp\":\"2026-11-24T11:08:00Z\"}",
                "{\"event_id\":\"x-?\",\"type\":\"view\",\"user_id\":\"u-2\",\"item_id\":\"p-5\",\"timestamp\":\"2026-11-24T11:09:00Z\"}",
                "{\"event_id\":\"e-8\",\"type\":\"impression\",\"user_id\":\"u-3\",\"ad_id\":\"ad-\\ud800\",\"campaign_id\":\"c-\\ud800\",\"category\":\"b\",\"attributes\":{\"placement\":\"home\"},\"timestamp\":\"2026-11-24T11:10:00Z\"}",
                "{\"event_id\":\"e-9\",\"type\":\"ad_click\",\"user_id\":\"u-3\",\"ad_id\":\"ad-\\ud800\",\"campaign_id\":\"c-\\ud800\",\"category\":\"b\",\"attributes\":{\"placement\":\"home\"},\"timestamp\":\"2026-11-24T11:11:00Z\"}",
                "{\"event_id\":\"e-10\",\"type\":\"campaign_join\",\"user_id\":\"u-3\",\"campaign_id\":\"c-\\ud800\",\"timestamp\":\"2026-11-24T11:12:00Z\"}",
                "{\"event_id\":\"e-11\",\"type\":\"view\",\"user_id\":\"u-3\",\"item_id\":\"i-\\ud800\",\"category\":\"k-\\udc00\",\"attributes\":{\"k\":\"v-\\udc00\",\"placement\":\"side-\\ud800\"},\"timestamp\":\"2026-11-24T11:13:00Z\"}",
                "{\"event_id\":\"e-12\",\"type\":\"conversion\",\"user_id\":\"u-3\",\"ad_id\":\"ad-\\udc00\",\"campaign_id\":\"c-\\udc00\",\"value\":3,\"timestamp\":\"2026-11-24T11:14:00Z\"}"),
            raw(
                "{\"event_id\":\"e-13\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-6\",\"category\":\"", // beyond U+10FFFF
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                "\",\"timestamp\":\"2026-11-24T11:15:00Z\"}"),
            raw(
                "{\"event_id\":\"e-14\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-", // overlong 4-byte form
                new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
                "\",\"category\":\"c\",\"timestamp\":\"2026-11-24T11:16:00Z\"}"),
            raw(
                "{\"event_id\":\"e-15\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p", // overlong C0 AF: '/'
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                "q\",\"category\":\"c\",\"timestamp\":\"2026-11-24T11:17:00Z\"}")));
    System.out.println("snapshot at sequence " + engine.snapshot());

    // Phase 2: a journal tail and a catalog change no snapshot covers.
    engine.putItems(
        engine
            .catalogReader()
            .readBatch(
                utf8(
                    """
        {"item_id": "i-\\udbff", "category": "\\ud800", "price": 9}
        """),
                EventJsonReader.Format.NDJSON));
    ingest(
        engine,
        lines(
            "{\"event_id\":\"e-20\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-\\udbff\",\"category\":\"\\udc00\",\"timestamp\":\"2026-11-24T11:20:00Z\"}",
            "{\"event_id\":\"e-21\",\"type\":\"click\",\"user_id\":\"u-\\ud800\",\"item_id\":\"p-2\",\"category\":\"b\",\"timestamp\":\"2026-11-24T11:21:00Z\"}",
            "{\"event_id\":\"x-\\udbff\",\"type\":\"view\",\"user_id\":\"u-2\",\"item_id\":\"p-6\",\"timestamp\":\"2026-11-24T11:22:00Z\"}",
            "{\"event_id\":\"e-22\",\"type\":\"ad_click\",\"user_id\":\"u-4\",\"ad_id\":\"ad-\\ud800\",\"campaign_id\":\"c-\\ud800\",\"category\":\"b\",\"attributes\":{\"placement\":\"home\"},\"timestamp\":\"2026-11-24T11:23:00Z\"}",
            "{\"event_id\":\"e-23\",\"type\":\"view\",\"user_id\":\"u-4\",\"item_id\":\"p-1\",\"category\":\"b\",\"timestamp\":\"2026-11-24T11:24:00Z\"}"));
    Thread.sleep(2000); // lets H2 write its last commit, as it would have long before a real crash
    copy(live, out.resolve("killed"));
    engine.close();
    copy(live, out.resolve("stopped"));
    for (String variant : new String[] {"killed", "stopped"}) {
      Path probe = Files.createTempDirectory("legacy-probe");
      copy(out.resolve(variant), probe);
      try (Engine again =
          Engine.start(config(probe), InstantSource.fixed(NOW), new SimpleMeterRegistry())) {
        again.awaitReady(Duration.ofSeconds(60));
        System.out.println(variant + " reloaded by this build: " + again.status());
      }
    }
  }

  private static void ingest(Engine engine, byte[] ndjson) {
    ReadResult r = engine.reader().read(ndjson, EventJsonReader.Format.NDJSON);
    IngestResult res = engine.ingest(r.events());
    System.out.println(
        "read " + r.events().size() + " events, rejected " + r.rejected() + "; ingest " + res);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] lines(String... lines) {
    return utf8(String.join("\n", lines) + "\n");
  }

  private static byte[] raw(String before, byte[] middle, String after) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8(before));
    b.writeBytes(middle);
    b.writeBytes(utf8(after + "\n"));
    return b.toByteArray();
  }

  private static byte[] bytes(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** Copies {@code from} into a fresh {@code to}, without the lock file. */
  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(".lock")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
