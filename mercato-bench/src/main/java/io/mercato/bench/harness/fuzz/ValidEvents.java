package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Generates events that are valid by the documented contract (README "The event contract",
 * ARCHITECTURE.md §5) and nothing more: every standard type and a few custom ones, ids that are odd
 * but within the id rule (non-blank, at most 128 code points, no control characters, valid Unicode),
 * every documented timestamp form, finite values up to the largest double, attributes up to their
 * limits. Each has a fresh {@code event_id} unless it is one of the few sent without one.
 *
 * <p>Event times stay within a day and a half before the clock and at most 30 s after it: far from
 * the too-late horizon (newest event time minus 7 days and 10 minutes) and from {@code max-future}
 * (1 day), so their validity does not hang on the server's notion of "now". Custom types are three,
 * far below {@code max-custom-types} (100). Not thread-safe.
 */
final class ValidEvents {
  static final List<String> STANDARD_TYPES =
      List.of(
          "view",
          "click",
          "add_to_cart",
          "purchase",
          "impression",
          "ad_click",
          "conversion",
          "campaign_join");
  static final List<String> CUSTOM_TYPES = List.of("fz.signup", "newsletter_open", "x-1");
  static final List<String> CATEGORIES =
      List.of("shoes", "books", "sports", "home & garden", "Ünïcödé", "家電", "c".repeat(128));

  /** The campaign and ad the fuzzer sets up; valid events name them now and then. */
  static final String LIVE_CAMPAIGN = "fz-live";

  static final String LIVE_AD = "fz-ad";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  private final RandomGenerator random;
  private final InstantSource clock;
  private final String prefix;
  private long next;

  /**
   * @param prefix starts every generated id, so ids of one run never meet another's
   */
  ValidEvents(RandomGenerator random, InstantSource clock, String prefix) {
    this.random = random;
    this.clock = clock;
    this.prefix = prefix;
  }

  /** A fresh valid event; one in twenty has no {@code event_id}. */
  SentEvent next() {
    boolean withId = random.nextInt(20) != 0;
    return write(draft(withId ? freshId() : null));
  }

  /** A fresh valid event that has an {@code event_id}. */
  SentEvent nextWithId() {
    return write(draft(freshId()));
  }

  /** An id never used before. */
  String freshId() {
    String id = prefix + "e" + next++;
    if (random.nextInt(30) == 0) {
      id +=
          "-"
              + HostileText.pick(
                  random, List.of("ü", "\ud83d\ude00", "?", "a b", "/x", "%ZZ", "\"q\""));
    }
    return id;
  }

  /** Every user id {@link #userId()} may return. */
  List<String> users() {
    List<String> all = new ArrayList<>(HostileText.ODD_VALID_IDS);
    for (int k = 0; k < 300; k++) {
      all.add(prefix + "u" + k);
    }
    return all;
  }

  /** A valid user id: mostly from a few hundred plain ones, sometimes odd but valid. */
  String userId() {
    return random.nextInt(10) == 0
        ? HostileText.pick(random, HostileText.ODD_VALID_IDS)
        : prefix + "u" + random.nextInt(300);
  }

  String itemId() {
    return random.nextInt(12) == 0
        ? HostileText.pick(random, HostileText.ODD_VALID_IDS)
        : prefix + "p" + random.nextInt(500);
  }

  /**
   * A valid event as a JSON tree (members in a random order), for {@link #write} or for a mutation
   * that makes it invalid in one known way.
   *
   * @param eventId null to leave {@code event_id} out
   */
  ObjectNode draft(String eventId) {
    ObjectNode n = JSON.createObjectNode();
    String type =
        random.nextInt(8) == 0
            ? HostileText.pick(random, CUSTOM_TYPES)
            : HostileText.pick(random, STANDARD_TYPES);
    if (eventId != null) {
      n.put("event_id", eventId);
    }
    n.put("type", type);
    n.put("user_id", userId());
    if (random.nextInt(5) != 0) {
      n.put("item_id", itemId());
    }
    if (random.nextInt(3) == 0) {
      n.put("category", HostileText.pick(random, CATEGORIES));
    }
    if (type.startsWith("ad_") || type.equals("impression") || random.nextInt(10) == 0) {
      n.put("ad_id", LIVE_AD);
      n.put("campaign_id", LIVE_CAMPAIGN);
    }
    if (type.equals("purchase") || type.equals("conversion") || random.nextInt(8) == 0) {
      putValue(n);
    }
    putTimestamp(n);
    if (random.nextInt(3) == 0) {
      n.set("attributes", attributes());
    }
    return shuffled(n);
  }

  /** The line for {@code draft}, sometimes with every non-ASCII character escaped. */
  SentEvent write(ObjectNode draft) {
    try {
      byte[] json =
          random.nextInt(4) == 0
              ? JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(draft)
              : JSON.writeValueAsBytes(draft);
      String id = draft.hasNonNull("event_id") ? draft.get("event_id").asText() : null;
      return new SentEvent(id, draft.get("type").asText(), json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an event tree", e);
    }
  }

  private void putValue(ObjectNode n) {
    switch (random.nextInt(12)) {
      case 0 -> n.put("value", 0);
      case 1 -> n.put("value", -12.5);
      case 2 -> n.put("value", Double.MAX_VALUE);
      case 3 -> n.put("value", Double.MIN_VALUE);
      case 4 -> n.put("value", 1_000_000_000_000L);
      case 5 -> n.putNull("value");
      default -> n.put("value", Math.round(random.nextDouble(1, 500) * 100) / 100.0);
    }
  }

  private void putTimestamp(ObjectNode n) {
    long now = clock.millis();
    long ts =
        random.nextInt(10) < 7
            ? now - random.nextLong(600_000)
            : now - random.nextLong(36 * 3_600_000L);
    if (random.nextInt(50) == 0) {
      ts = now + random.nextLong(30_000);
    }
    Instant t = Instant.ofEpochMilli(ts);
    switch (random.nextInt(6)) {
      case 0 -> n.put("timestamp", ts);
      case 1 -> n.put("timestamp", t.atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toString());
      case 2 -> n.put("timestamp", t.atOffset(ZoneOffset.ofHours(-8)).format(NANOS));
      case 3 -> n.put("timestamp", Instant.ofEpochSecond(ts / 1000).toString());
      default -> n.put("timestamp", t.toString());
    }
  }

  private ObjectNode attributes() {
    ObjectNode a = JSON.createObjectNode();
    int count = random.nextInt(25) == 0 ? 32 : random.nextInt(5);
    for (int i = 0; i < count; i++) {
      String key = i == 0 && random.nextInt(10) == 0 ? "k".repeat(64) : "a" + i;
      switch (random.nextInt(7)) {
        case 0 -> a.put(key, random.nextLong());
        case 1 -> a.put(key, random.nextDouble() * 1e6);
        case 2 -> a.put(key, random.nextBoolean());
        case 3 -> a.putNull(key);
        case 4 -> a.put(key, "é".repeat(256));
        case 5 -> a.put(key, HostileText.pick(random, HostileText.ODD_VALID_IDS));
        default -> a.put(key, "home");
      }
    }
    return a;
  }

  /** One time in three, the same members in another order (the contract does not fix an order). */
  private ObjectNode shuffled(ObjectNode n) {
    if (random.nextInt(3) != 0) {
      return n;
    }
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    Collections.shuffle(names, new Random(random.nextLong()));
    ObjectNode out = JSON.createObjectNode();
    names.forEach(k -> out.set(k, n.get(k)));
    return out;
  }
}
