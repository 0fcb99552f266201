package io.mercato.bench.harness.fuzz;

import io.mercato.server.Routes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Requests to {@code POST /v1/events}: valid batches (whose events are recorded), and hostile bodies
 * whose every line is known to be valid, a repeat, or refused by the documented contract, so the
 * 202's {@code accepted} and {@code duplicates} are known in advance. Events of bodies that must be
 * accepted join the pool later bodies repeat from. Not thread-safe.
 */
final class EventRequests {
  static final String ROUTE = Routes.INGEST_EVENTS.toString();
  private static final String PATH = Routes.INGEST_EVENTS.path();

  /** Content types the documentation accepts for NDJSON (OpenAPI: aliases of application/x-ndjson). */
  private static final List<String> NDJSON_TYPES =
      List.of(
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/jsonlines",
          "application/x-jsonlines",
          "Application/X-NDJSON",
          "application/x-ndjson; charset=utf-8",
          "application/x-ndjson;charset=\"UTF-8\"");

  private static final List<String> JSON_TYPES =
      List.of("application/json", "application/json; charset=UTF-8", "APPLICATION/JSON");

  /** Content types the documentation refuses (415, or 400 for one that does not parse). */
  private static final List<String> REFUSED_TYPES =
      List.of(
          ";",
          "text/plain",
          "application/json; charset=latin1",
          "application/json; charset=utf-16",
          "application/json, application/x-ndjson",
          "application/xml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "*/*",
          "application/*",
          "json",
          "application/json\u0001",
          "application/ndjson; charset=iso-8859-1",
          " ",
          "application/x-ndjson;charset=",
          "\u00e9/\u00e9");

  private final RandomGenerator random;
  private final ValidEvents valid;
  private final EventMutations mutations;

  /** Events certainly counted by earlier requests (202 is their only allowed answer): what bodies repeat. */
  private final List<SentEvent> counted = new ArrayList<>();

  EventRequests(RandomGenerator random, ValidEvents valid, EventMutations mutations) {
    this.random = random;
    this.valid = valid;
    this.mutations = mutations;
  }

  /** A valid batch of 1 to 30 events, in any documented framing; sometimes with repeats of earlier events. */
  FuzzCase valid(long index) {
    EventBody b = new EventBody();
    int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 30 : 5);
    for (int i = 0; i < n; i++) {
      if (!counted.isEmpty() && random.nextInt(15) == 0) {
        b.duplicate(pick(counted));
      } else {
        b.fresh(valid.next());
      }
    }
    return ingestCase(index, "valid-events", b, random.nextInt(3) == 0 ? ndjson(b) : json(b, true));
  }

  /** A hostile body: one of the families below, chosen at random. */
  FuzzCase hostile(long index) {
    int f = random.nextInt(100);
    if (f < 28) {
      return mixedNdjson(index);
    } else if (f < 42) {
      return mixedArray(index);
    } else if (f < 48) {
      return brokenArray(index);
    } else if (f < 52) {
      return encodingArray(index);
    } else if (f < 66) {
      return singleObject(index);
    } else if (f < 74) {
      return wholeBody(index);
    } else if (f < 80) {
      return contentType(index);
    } else if (f < 85) {
      return chunked(index);
    } else if (f < 89) {
      return lengthLie(index);
    } else if (f < 92) {
      return surrogateCollision(index);
    } else if (f < 95) {
      return oddMethod(index);
    } else if (f < 97) {
      return repeatedInBody(index);
    }
    return huge(index);
  }

  /** Valid events trickled slowly (run beside the main sequence): 202 and counted, or 408 and not. */
  FuzzCase slow(long index) {
    EventBody b = new EventBody();
    int n = 1 + random.nextInt(10);
    for (int i = 0; i < n; i++) {
      b.fresh(valid.nextWithId());
    }
    RawRequest r =
        Wire.request("POST", PATH)
            .body(pick(NDJSON_TYPES), b.ndjson(random))
            .build()
            .with(RawRequest.Delivery.slow(4 + random.nextInt(4), 300 + random.nextInt(400)));
    return new FuzzCase(
        index,
        "events/slow-body",
        ROUTE,
        r,
        Expectation.ingestedOrRefused(b.freshEvents(), 0, 408));
  }

  /** A body that stops arriving: the server must give up with a 4xx (408) rather than hold the connection. */
  FuzzCase stalled(long index) {
    EventBody b = new EventBody().fresh(valid.nextWithId());
    byte[] body = b.ndjson(random);
    RawRequest r =
        Wire.request("POST", PATH)
            .body(pick(NDJSON_TYPES), body)
            .build()
            .with(RawRequest.Delivery.stalled(body.length / 2));
    return new FuzzCase(index, "events/stalled-body", ROUTE, r, Expectation.refused());
  }

  private FuzzCase mixedNdjson(long index) {
    EventBody b = new EventBody();
    int n = 2 + random.nextInt(random.nextInt(5) == 0 ? 200 : 30);
    for (int i = 0; i < n; i++) {
      int p = random.nextInt(100);
      if (p < 35) {
        b.fresh(valid.next());
      } else if (p < 45 && !counted.isEmpty()) {
        b.duplicate(pick(counted));
      } else {
        b.hostile(mutations.any(valid.draft(valid.freshId())));
      }
    }
    return ingestCase(index, "events/ndjson-mixed", b, ndjson(b));
  }

  private FuzzCase mixedArray(long index) {
    EventBody b = new EventBody();
    int n = 2 + random.nextInt(20);
    for (int i = 0; i < n; i++) {
      int p = random.nextInt(100);
      if (p < 35) {
        b.fresh(valid.next());
      } else if (p < 45 && !counted.isEmpty()) {
        b.duplicate(pick(counted));
      } else if (p < 55) {
        b.hostile(mutations.notObject(valid.draft(valid.freshId())));
      } else {
        b.hostile(mutations.eventScope(valid.draft(valid.freshId())));
      }
    }
    return ingestCase(index, "events/array-mixed", b, json(b, false));
  }

  /** An array with one piece that is not JSON: refused whole, nothing counts. */
  private FuzzCase brokenArray(long index) {
    EventBody b = new EventBody();
    int n = 1 + random.nextInt(8);
    int broken = random.nextInt(n);
    for (int i = 0; i < n; i++) {
      if (i == broken) {
        b.hostile(mutations.syntax(valid.draft(valid.freshId())));
      } else {
        b.fresh(valid.next());
      }
    }
    RawRequest r =
        Wire.request("POST", PATH).body(pick(JSON_TYPES), b.json(random, n == 1)).build();
    return new FuzzCase(
        index, "events/array-" + b.hostileKinds().get(0), ROUTE, r, Expectation.oneOf(400));
  }

  /** An array with pieces that are not valid text or not standard JSON, and no valid event. */
  private FuzzCase encodingArray(long index) {
    EventBody b = new EventBody();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.hostile(
          i == 0
              ? mutations.encoding(valid.draft(valid.freshId()))
              : mutations.eventScope(valid.draft(valid.freshId())));
    }
    RawRequest r = Wire.request("POST", PATH).body(pick(JSON_TYPES), b.json(random, true)).build();
    return new FuzzCase(
        index,
        "events/" + b.hostileKinds().get(0),
        ROUTE,
        r,
        Expectation.ingestedOrRefused(List.of(), 0, 400).withRefused(b.hostileAt()));
  }

  /** One hostile object as the whole body (application/json). */
  private FuzzCase singleObject(long index) {
    HostileLine line =
        switch (random.nextInt(6)) {
          case 0 -> mutations.syntax(valid.draft(valid.freshId()));
          case 1 -> mutations.encoding(valid.draft(valid.freshId()));
          default -> mutations.eventScope(valid.draft(valid.freshId()));
        };
    RawRequest r = Wire.request("POST", PATH).body(pick(JSON_TYPES), line.bytes()).build();
    Expectation e =
        switch (line.scope()) {
          case SYNTAX -> Expectation.oneOf(400);
          case ENCODING -> Expectation.ingestedOrRefused(List.of(), 0, 400);
          default -> Expectation.ingested(List.of(), 0);
        };
    return new FuzzCase(index, "events/" + line.kind(), ROUTE, r, e);
  }

  /** Bodies that are not a batch at all. */
  private FuzzCase wholeBody(long index) {
    String type = pick(JSON_TYPES);
    byte[] body;
    Expectation e = Expectation.oneOf(400);
    String kind;
    switch (random.nextInt(11)) {
      case 0 -> {
        body = new byte[0];
        kind = "empty-body";
      }
      case 1 -> {
        body = RawJson.ascii(" \n\t ");
        kind = "blank-body";
      }
      case 2 -> {
        body = RawJson.ascii(HostileText.pick(random, List.of("null", "42", "\"x\"", "true")));
        kind = "scalar-body";
      }
      case 3 -> {
        body = RawJson.ascii("[]");
        kind = "empty-array";
        e = Expectation.ingestedOrRefused(List.of(), 0, 400);
      }
      case 4 -> {
        body = RawJson.nested(1000 + random.nextInt(50_000), random.nextBoolean());
        kind = "deep-nesting";
      }
      case 5 -> {
        body =
            RawJson.ascii(
                HostileText.pick(random, List.of("{", "[", "]", "}", "[{", "{\"type\":")));
        kind = "malformed-body";
      }
      case 6 -> {
        StringBuilder sb = new StringBuilder("[");
        int n = 1000 + random.nextInt(9000);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "{}" : ",{}");
        }
        body = RawJson.ascii(sb.append(']').toString());
        kind = "many-empty-objects";
        e = Expectation.ingested(List.of(), 0);
      }
      case 7 -> {
        body = new byte[1 + random.nextInt(2000)];
        random.nextBytes(body);
        kind = "random-bytes";
        type = random.nextBoolean() ? type : pick(NDJSON_TYPES);
        e = Expectation.neutral(0);
      }
      case 8 -> {
        body = RawJson.ascii("{}\n".repeat(1 + random.nextInt(5000)));
        type = pick(NDJSON_TYPES);
        kind = "ndjson-empty-objects";
        e = Expectation.ingested(List.of(), 0);
      }
      case 9 -> {
        // a UTF-16 body: not UTF-8, so not JSON the server may read
        body =
            new String(valid.nextWithId().json(), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_16);
        kind = "utf16-body";
        e = Expectation.refused();
      }
      default -> {
        body = RawJson.ascii("{\"type\":\"view\"}{\"type\":\"view\"}");
        kind = "two-roots";
      }
    }
    RawRequest r = Wire.request("POST", PATH).body(type, body).build();
    return new FuzzCase(index, "events/" + kind, ROUTE, r, e);
  }

  /** Valid new events under a content type the documentation refuses, or none at all: nothing counts. */
  private FuzzCase contentType(long index) {
    EventBody b = new EventBody().fresh(valid.nextWithId()).fresh(valid.nextWithId());
    Wire w = Wire.request("POST", PATH);
    if (random.nextInt(5) == 0) {
      w.body(b.ndjson(random));
    } else {
      w.body(pick(REFUSED_TYPES), b.ndjson(random));
    }
    return new FuzzCase(index, "events/content-type", ROUTE, w.build(), Expectation.refused());
  }

  /** A mixed NDJSON body sent chunked; or with a chunk size that is not hex (refused, nothing counts). */
  private FuzzCase chunked(long index) {
    EventBody b = new EventBody();
    int n = 1 + random.nextInt(20);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        b.hostile(mutations.any(valid.draft(valid.freshId())));
      } else {
        b.fresh(valid.next());
      }
    }
    byte[] body = b.ndjson(random);
    int[] sizes = new int[1 + random.nextInt(8)];
    Arrays.setAll(sizes, i -> 1 + random.nextInt(Math.max(1, body.length / 2)));
    Wire w = Wire.request("POST", PATH).body(pick(NDJSON_TYPES), body).chunked(sizes);
    if (random.nextInt(4) == 0) {
      w.chunkSize(
          HostileText.pick(
              random, List.of("zz", "-1", "ffffffffffffffff", "1;ext=\u0000", " ", "0x10")));
      return new FuzzCase(index, "events/chunk-size", ROUTE, w.build(), Expectation.refused());
    }
    return ingestCase(index, "events/chunked", b, w.build());
  }

  /**
   * A Content-Length that lies. Shorter: the body is what it declares, so only the events wholly inside
   * that prefix count. Longer, then the client closes its side: the body ended early, nothing counts.
   */
  private FuzzCase lengthLie(long index) {
    EventBody b = new EventBody();
    List<SentEvent> events = new ArrayList<>();
    int n = 2 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      SentEvent e = valid.nextWithId();
      events.add(e);
      b.fresh(e);
    }
    byte[] body = b.ndjson(random);
    if (random.nextBoolean()) {
      RawRequest r =
          Wire.request("POST", PATH)
              .body(pick(NDJSON_TYPES), body)
              .declaredLength(body.length + 1 + random.nextInt(100))
              .build()
              .with(RawRequest.Delivery.HALF_CLOSE);
      return new FuzzCase(index, "events/length-longer", ROUTE, r, Expectation.refused());
    }
    int declared = 1 + random.nextInt(body.length - 1);
    List<SentEvent> inPrefix = wholeLinesWithin(events, body, declared);
    RawRequest r =
        Wire.request("POST", PATH).body(pick(NDJSON_TYPES), body).declaredLength(declared).build();
    // a prefix that is blank is an empty body: 400
    Expectation e =
        inPrefix.isEmpty() && isBlank(body, declared)
            ? Expectation.oneOf(400)
            : Expectation.ingested(inPrefix, 0);
    if (e.statuses().contains(202)) {
      counted.addAll(inPrefix.stream().filter(x -> x.eventId() != null).toList());
    }
    return new FuzzCase(index, "events/length-shorter", ROUTE, r, e);
  }

  /**
   * The dedup collision of issue 13's first finding: an event whose id ends in an unpaired surrogate
   * (refused), then a valid one whose id ends in {@code ?} (a different id: it must count).
   */
  private FuzzCase surrogateCollision(long index) {
    String base = valid.freshId();
    var hostile = valid.draft(base + (random.nextBoolean() ? "\ud800" : "\udc00"));
    hostile.put("type", "click");
    var ok = valid.draft(base + "?");
    ok.put("type", "view");
    EventBody b =
        new EventBody()
            .hostile(
                new HostileLine(RawJson.encode(hostile), HostileLine.Scope.EVENT, "lone-surrogate"))
            .fresh(valid.write(ok));
    return ingestCase(
        index, "events/surrogate-collision", b, random.nextBoolean() ? ndjson(b) : json(b, false));
  }

  /** New valid events under a method that is not POST (methods are case-sensitive): refused, nothing counts. */
  private FuzzCase oddMethod(long index) {
    EventBody b = new EventBody().fresh(valid.nextWithId());
    // ("POST  /v1/events", two spaces, is not here: RFC 9112 lets a server split the request line
    // on any whitespace)
    String method =
        HostileText.pick(
            random, List.of("Post", "post", "PUT", "PATCH", "P0ST", "M-SEARCH", "POST\u0000"));
    RawRequest r = Wire.request(method, PATH).body(pick(NDJSON_TYPES), b.ndjson(random)).build();
    return new FuzzCase(index, "events/odd-method", ROUTE, r, Expectation.refused());
  }

  /** The same new event twice in one body: it counts once. */
  private FuzzCase repeatedInBody(long index) {
    SentEvent e = valid.nextWithId();
    EventBody b = new EventBody().fresh(e).fresh(valid.next()).fresh(e);
    return ingestCase(
        index, "events/repeated-in-body", b, random.nextBoolean() ? ndjson(b) : json(b, false));
  }

  /** Bodies at and over the size limit (5 MiB). */
  private FuzzCase huge(long index) {
    int limit = 5 << 20;
    switch (random.nextInt(4)) {
      case 0 -> {
        // one new event, then blank lines up to past the limit: 413, nothing counts
        byte[] event = valid.nextWithId().json();
        byte[] body = Arrays.copyOf(event, limit + 1 + random.nextInt(1 << 20));
        Arrays.fill(body, event.length, body.length, (byte) '\n');
        RawRequest r = Wire.request("POST", PATH).body(pick(NDJSON_TYPES), body).build();
        return new FuzzCase(index, "events/over-limit", ROUTE, r, Expectation.oneOf(413));
      }
      case 1 -> {
        byte[] event = valid.nextWithId().json();
        byte[] body = Arrays.copyOf(event, limit + 1);
        Arrays.fill(body, event.length, body.length, (byte) '\n');
        RawRequest r =
            Wire.request("POST", PATH).body(pick(NDJSON_TYPES), body).chunked(64 * 1024).build();
        return new FuzzCase(index, "events/over-limit-chunked", ROUTE, r, Expectation.oneOf(413));
      }
      case 2 -> {
        RawRequest r =
            Wire.request("POST", PATH)
                .body(pick(NDJSON_TYPES), valid.nextWithId().json())
                .declaredLength(limit + 1L + random.nextInt(1 << 30))
                .build()
                .with(RawRequest.Delivery.HALF_CLOSE);
        return new FuzzCase(index, "events/declared-over-limit", ROUTE, r, Expectation.oneOf(413));
      }
      default -> {
        // a 4 MiB id among valid events: that one is refused, the others count
        var draft = valid.draft(valid.freshId());
        draft.put("user_id", "u".repeat((4 << 20) - random.nextInt(1000)));
        EventBody b =
            new EventBody()
                .fresh(valid.next())
                .hostile(new HostileLine(RawJson.encode(draft), HostileLine.Scope.EVENT, "huge-id"))
                .fresh(valid.next());
        return ingestCase(index, "events/huge-id", b, ndjson(b));
      }
    }
  }

  private FuzzCase ingestCase(long index, String kind, EventBody b, RawRequest r) {
    counted.addAll(b.freshEvents().stream().filter(e -> e.eventId() != null).toList());
    return new FuzzCase(
        index,
        kind,
        ROUTE,
        r,
        Expectation.ingested(b.freshEvents(), b.duplicates()).withRefused(b.hostileAt()));
  }

  private RawRequest ndjson(EventBody b) {
    return Wire.request("POST", PATH).body(pick(NDJSON_TYPES), b.ndjson(random)).build();
  }

  private RawRequest json(EventBody b, boolean allowSingle) {
    return Wire.request("POST", PATH).body(pick(JSON_TYPES), b.json(random, allowSingle)).build();
  }

  /** The events whose whole line lies within the first {@code length} bytes of the NDJSON {@code body}. */
  static List<SentEvent> wholeLinesWithin(List<SentEvent> events, byte[] body, int length) {
    List<SentEvent> out = new ArrayList<>();
    int from = 0;
    for (SentEvent e : events) {
      int at = indexOf(body, e.json(), from);
      if (at < 0 || at + e.json().length > length) {
        break;
      }
      out.add(e);
      from = at + e.json().length;
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean isBlank(byte[] b, int length) {
    for (int i = 0; i < length; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
        return false;
      }
    }
    return true;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
