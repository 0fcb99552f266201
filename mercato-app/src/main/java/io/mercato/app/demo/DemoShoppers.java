package io.mercato.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.SyntheticTraffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's shoppers: a few times a second a synthetic user asks {@code /v1/recommendations} and
 * clicks what it is shown with a probability that depends on taste — {@value #CLICK_PREFERRED} for
 * an item in one of the user's preferred categories, {@value #CLICK_OTHER} otherwise — so the clicks
 * flow back through {@code /v1/events} and the recommendations visibly adapt. After
 * {@link #TRAIN_AFTER} it asks the server to train iALS once, so {@code auto} blends it in.
 *
 * <p>It keeps the share of recommended items that match the user's taste, per period, so the demo
 * summary can show it rising as the engine learns.
 */
public final class DemoShoppers {
  private static final Logger LOG = LoggerFactory.getLogger(DemoShoppers.class);
  static final double CLICK_PREFERRED = 0.3;
  static final double CLICK_OTHER = 0.02;
  public static final Duration TRAIN_AFTER = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SyntheticTraffic world;
  private final URI base;
  private final InstantSource clock;
  private final Map<String, String> categoryOf = new HashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SplittableRandom random;
  private final DemoLoop loop;
  private long started;
  private boolean trained;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong matching = new AtomicLong();
  private final AtomicLong clicks = new AtomicLong();
  private final AtomicLong firstServed = new AtomicLong();
  private final AtomicLong firstMatching = new AtomicLong();
  private long eventSeq;

  public DemoShoppers(
      SyntheticTraffic world, URI base, InstantSource clock, double requestsPerSecond, long seed) {
    this.world = world;
    this.base = base;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    Catalog c = world.catalog();
    for (int k = 0; k < c.categories().size(); k++) {
      for (Catalog.Item item : c.items(k)) {
        categoryOf.put(item.id(), item.category());
      }
    }
    this.loop = new DemoLoop("mercato-demo-shoppers", requestsPerSecond, this::step, LOG);
  }

  public void start() {
    started = System.nanoTime();
    loop.start();
  }

  public void stop() throws InterruptedException {
    loop.stop();
  }

  /** Recommended items shown so far. */
  public long served() {
    return served.get();
  }

  /** Clicks on recommended items so far. */
  public long clicks() {
    return clicks.get();
  }

  /** Share of recommended items in a preferred category over the first {@link #TRAIN_AFTER}. */
  public double firstMatchShare() {
    return firstServed.get() == 0 ? Double.NaN : (double) firstMatching.get() / firstServed.get();
  }

  /** Share of recommended items in a preferred category over the whole run. */
  public double matchShare() {
    return served.get() == 0 ? Double.NaN : (double) matching.get() / served.get();
  }

  /** One round on the loop thread: trains iALS once after {@link #TRAIN_AFTER}, then shops. */
  private void step() throws Exception {
    boolean early = System.nanoTime() - started < TRAIN_AFTER.toNanos();
    if (!early && !trained) {
      trained = true;
      post("/v1/admin/models/als/train", "application/json", "");
    }
    shop(early);
  }

  private void shop(boolean early) throws Exception {
    int n = 1 + random.nextInt(world.users());
    String user = "u-" + n;
    List<String> taste = world.preferredCategories(n);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/recommendations/" + user + "?n=5"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return;
    }
    JsonNode items = JSON.readTree(r.body()).path("items");
    StringBuilder events = new StringBuilder();
    for (JsonNode item : items) {
      String id = item.path("item_id").asText();
      String category = categoryOf.get(id);
      boolean likes = category != null && taste.contains(category);
      served.incrementAndGet();
      if (likes) {
        matching.incrementAndGet();
      }
      if (early) {
        firstServed.incrementAndGet();
        if (likes) {
          firstMatching.incrementAndGet();
        }
      }
      if (random.nextDouble() < (likes ? CLICK_PREFERRED : CLICK_OTHER)) {
        clicks.incrementAndGet();
        events
            .append(
                JSON.writeValueAsString(
                    Map.of(
                        "event_id",
                        "shopper-" + clock.millis() + "-" + (eventSeq++),
                        "type",
                        "click",
                        "user_id",
                        user,
                        "item_id",
                        id,
                        "category",
                        category == null ? "unknown" : category,
                        "timestamp",
                        Instant.ofEpochMilli(clock.millis()).toString())))
            .append('\n');
      }
    }
    if (events.length() > 0) {
      post("/v1/events", "application/x-ndjson", events.toString());
    }
  }

  private void post(String path, String contentType, String body) throws Exception {
    http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
