package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.bench.harness.fuzz.OpenApiRoutes.Param;
import io.mercato.bench.harness.fuzz.OpenApiRoutes.Spec;
import io.mercato.server.ApiRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Hostile requests to any route of the table, built from what the OpenAPI document says of it: its
 * path with each {@code {id}} replaced by a known, odd, fresh or undecodable id; its query parameters
 * left out, valid, hostile, repeated or unknown; its method exactly, in another case, or another one;
 * its body (when it takes one) its example mutated, under a right or a wrong content type. None of
 * these carries a new event, so none may add to the event counts. Plus paths no route has, and
 * protocol-level tricks (versions, header framing). Not thread-safe.
 */
final class RouteRequests {
  private static final List<String> ODD_METHODS =
      List.of(
          "get",
          "Post",
          "pUT",
          "delete",
          "PATCH",
          "HEAD",
          "OPTIONS",
          "TRACE",
          "CONNECT",
          "M-SEARCH",
          "PROPFIND",
          "FOO",
          "G E T",
          "GET\u0000",
          "A".repeat(5000),
          "\u00c9T");
  private static final List<String> UNKNOWN_PATHS =
      List.of(
          "/",
          "/v1",
          "/v1/",
          "/v2/events",
          "/V1/EVENTS",
          "/v1/events/extra",
          "/v1//events",
          "//v1/stats",
          "/v1/./stats",
          "/v1/stats/.",
          "/v1/events%2F",
          "/%2e%2e/%2e%2e/etc/passwd",
          "/../../../etc/passwd",
          "/v1/users/",
          "/v1/users//profile",
          "/v1/items/%20/stats",
          "/v1/stats;x=1",
          "/v1/stats#frag",
          "/favicon.ico",
          "/v1/campaigns/x/kpis/extra",
          "/metrics/",
          "/health/../ready",
          "/\u0080\u00ff",
          "/v1/%u0041",
          "/v1/stats%00",
          "/v1/\u00e9v\u00e9nements",
          "http://127.0.0.1/v1/stats",
          "*",
          "/" + "a/".repeat(3000),
          "/v1/stats?" + "a=b&".repeat(5000));
  private static final List<String> BODY_TYPES_REFUSED =
      List.of(
          "text/plain",
          ";",
          "application/json; charset=latin1",
          "application/xml",
          "multipart/form-data",
          "application/x-ndjson");

  private final RandomGenerator random;
  private final OpenApiRoutes api;
  private final ValidEvents valid;
  private final JsonMutator mutator;
  private long fresh;

  /** The id the last {@link #path} call put in the path, or null. */
  private String pathId;

  RouteRequests(RandomGenerator random, OpenApiRoutes api, ValidEvents valid) {
    this.random = random;
    this.api = api;
    this.valid = valid;
    this.mutator = new JsonMutator(random);
  }

  /** A hostile request for {@code spec}'s route. */
  FuzzCase forRoute(long index, Spec spec) {
    ApiRoute route = spec.route();
    String method = route.method();
    String part;
    int p = random.nextInt(10);
    if (p < 2) {
      method = HostileText.pick(random, ODD_METHODS);
      part = "method";
    } else if (p < 5) {
      part = "path";
    } else if (p < 8 || spec.bodyTypes().isEmpty()) {
      part = "query";
    } else {
      part = "body";
    }
    if (part.equals("path") && !route.path().contains("{")) {
      part = "query";
    }
    boolean write = !route.method().equals("GET");
    pathId = null;
    String path = path(route.path(), part.equals("path"), write);
    String query = query(spec, part.equals("query"));
    Wire w = Wire.request(method, path + query);
    if (route.path().endsWith("/stream")) {
      w.header("Accept", random.nextInt(4) == 0 ? "application/json" : "text/event-stream")
          .eventStream();
    }
    if (route.path().equals("/v1/events")) {
      // events have their own generator (EventRequests); here only bodies that add nothing
      w.body(HostileText.pick(random, spec.bodyTypes()), neutralEvents());
    } else if (!spec.bodyTypes().isEmpty() && (part.equals("body") || random.nextInt(3) == 0)) {
      body(w, spec);
    } else if (random.nextInt(20) == 0) {
      w.body("application/json", RawJson.ascii("{\"unexpected\":\"body\"}"));
    }
    return new FuzzCase(index, "route/" + part, route.toString(), w.build(), Expectation.any());
  }

  /** A path that no route serves, with any method. */
  FuzzCase unknownPath(long index) {
    String path =
        random.nextInt(4) == 0
            ? "/v1/" + word() + (random.nextBoolean() ? "/" + word() : "")
            : HostileText.pick(random, UNKNOWN_PATHS);
    String method =
        random.nextInt(3) == 0
            ? HostileText.pick(random, ODD_METHODS)
            : HostileText.pick(random, List.copyOf(OpenApiRoutes.methods()));
    Wire w = Wire.request(method, path);
    if (random.nextInt(4) == 0) {
      w.body("application/json", RawJson.ascii("{}"));
    }
    return new FuzzCase(index, "unknown-path", "(none)", w.build(), Expectation.any());
  }

  /**
   * A request that is sound but for its protocol: HTTP version, missing Host, header framing
   * (conflicting or bad Content-Length, both Content-Length and chunked), odd headers, bare LF.
   */
  FuzzCase protocol(long index, Spec spec) {
    ApiRoute route = spec.route();
    String target = path(route.path(), false, true) + query(spec, false);
    Wire w = Wire.request(route.method(), target);
    boolean declaresBody = false;
    byte[] body = spec.bodyTypes().isEmpty() ? null : RawJson.encode(spec.bodyExample());
    String kind;
    boolean version505 = false;
    switch (random.nextInt(14)) {
      case 0 -> {
        w.version(HostileText.pick(random, List.of("HTTP/1.2", "HTTP/9.9", "HTTP/1.10")));
        kind = "version";
        version505 = true;
      }
      case 1 -> {
        w.version(
            HostileText.pick(
                random,
                List.of(
                    "HTTP/2.0", "HTTP/3", "http/1.1", "HTTP/1.1 x", "", "HTTPS/1.1", "HTTP/1")));
        kind = "version";
        version505 = true;
      }
      case 2 -> {
        w.version("HTTP/1.0").noHost();
        kind = "http10";
      }
      case 3 -> {
        w.noHost();
        kind = "no-host";
      }
      case 4 -> {
        w.header("Content-Length", "5").header("Content-Length", "7");
        kind = "content-length-twice";
        declaresBody = true;
      }
      case 5 -> {
        w.header(
            "Content-Length",
            HostileText.pick(
                random, List.of("-1", "abc", "1e3", "0x10", " 5", "99999999999999999999")));
        kind = "content-length-bad";
        declaresBody = true;
      }
      case 6 -> {
        w.header("Transfer-Encoding", "chunked").header("Content-Length", "3");
        kind = "te-and-cl";
        declaresBody = true;
      }
      case 7 -> {
        w.header("Expect", "100-continue");
        kind = "expect-continue";
      }
      case 8 -> {
        w.header("X-Fz", Wire.latin1(HostileText.pickBytes(random, HostileText.INVALID_UTF8)));
        kind = "header-bytes";
      }
      case 9 -> {
        w.header("Bad Header", "x");
        kind = "header-name";
      }
      case 10 -> {
        w.header("X-Fz", "a\r\n folded");
        kind = "obs-fold";
      }
      case 11 -> {
        for (int i = 0; i < 300; i++) {
          w.header("X-Fz-" + i, "v");
        }
        kind = "many-headers";
      }
      case 12 -> {
        w.header("X-Fz", "v".repeat(70_000));
        kind = "huge-header";
      }
      default -> {
        w.header(
            "Accept",
            HostileText.pick(
                random, List.of("application/xml", "*/*;q=nope", "", "text/event-stream")));
        kind = "accept";
      }
    }
    if (body != null) {
      w.body(spec.bodyTypes().get(0), route.path().equals("/v1/events") ? neutralEvents() : body);
    }
    Expectation e = Expectation.any();
    RawRequest r = w.build();
    if (declaresBody) {
      // a declared body that may not come: the client closes its side, so the server sees the end
      r = r.with(RawRequest.Delivery.HALF_CLOSE);
    }
    return new FuzzCase(
        index, "protocol/" + kind, route.toString(), r, version505 ? e.withVersion505() : e);
  }

  /**
   * The template with every {@code {param}} replaced, percent-encoded (ASCII); {@link #pathId} holds the
   * last id put in, unless it was a hostile segment.
   */
  private String path(String template, boolean hostile, boolean write) {
    StringBuilder out = new StringBuilder();
    String[] segments = template.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (hostile) {
          out.append(hostileSegment());
        } else {
          pathId = id(i > 0 ? segments[i - 1] : "", write);
          out.append(Wire.percentEncode(pathId));
        }
      } else {
        out.append(s);
      }
    }
    return out.toString();
  }

  private String hostileSegment() {
    return switch (random.nextInt(4)) {
      case 0 -> HostileText.pick(random, HostileText.BAD_PATH_SEGMENTS);
      case 1 -> HostileText.pick(random, HostileText.TRICKY_PATH_SEGMENTS);
      case 2 -> Wire.percentEncode(HostileText.pick(random, HostileText.INVALID_IDS));
      default -> Wire.percentEncode(HostileText.pick(random, HostileText.ODD_VALID_IDS));
    };
  }

  /**
   * An id for the segment after {@code collection}: for reads, mostly one that exists (users, items
   * and categories of the valid events, the live campaign and ad); for writes a fresh one, so no
   * write of this class replaces the live campaign or ad.
   */
  private String id(String collection, boolean write) {
    if (write || random.nextInt(4) == 0) {
      return random.nextInt(5) == 0
          ? HostileText.pick(random, HostileText.ODD_VALID_IDS)
          : "fz-h" + fresh++;
    }
    return switch (collection) {
      case "users", "recommendations" -> valid.userId();
      case "items", "similar-items" -> valid.itemId();
      case "categories" -> HostileText.pick(random, ValidEvents.CATEGORIES);
      case "campaigns" -> ValidEvents.LIVE_CAMPAIGN;
      case "ads" -> ValidEvents.LIVE_AD;
      default -> valid.userId();
    };
  }

  private String query(Spec spec, boolean hostile) {
    List<String> parts = new ArrayList<>();
    for (Param p : spec.query()) {
      if (random.nextInt(10) < (p.required() ? 9 : 5)) {
        boolean bad = hostile && random.nextInt(3) == 0;
        parts.add(
            p.name()
                + "="
                + (bad ? HostileText.pick(random, HostileText.BAD_QUERY_VALUES) : goodValue(p)));
        if (hostile && random.nextInt(8) == 0) {
          parts.add(p.name() + "=" + goodValue(p)); // the parameter twice
        }
      }
    }
    if (hostile && random.nextInt(4) == 0) {
      parts.add(
          HostileText.pick(
              random,
              List.of("unknown=1", "n", "=x", "&", "a[]=1", "%ZZ=1", "%00=1", "%ED%A0%80=1")));
    }
    return parts.isEmpty() ? (random.nextInt(20) == 0 ? "?" : "") : "?" + String.join("&", parts);
  }

  /** A value the document offers, else one that fits the parameter's name. */
  private String goodValue(Param p) {
    if (!p.good().isEmpty() && random.nextInt(4) != 0) {
      return Wire.percentEncode(HostileText.pick(random, p.good()));
    }
    String v =
        switch (p.name()) {
          case "user_id", "key" -> valid.userId();
          case "placement" -> AdRequests.PLACEMENT;
          case "ad_id" -> ValidEvents.LIVE_AD;
          case "campaign" -> ValidEvents.LIVE_CAMPAIGN;
          case "category" -> HostileText.pick(random, ValidEvents.CATEGORIES);
          case "type" -> HostileText.pick(random, ValidEvents.STANDARD_TYPES);
          case "after" -> valid.itemId();
          case "window" -> HostileText.pick(random, List.of("1m", "10m", "1h", "24h", "7d"));
          default -> p.good().isEmpty() ? "1" : HostileText.pick(random, p.good());
        };
    return Wire.percentEncode(v);
  }

  private void body(Wire w, Spec spec) {
    JsonNode example = spec.bodyExample();
    if (example instanceof ObjectNode o && pathId != null && random.nextInt(3) != 0) {
      // the body's own id agrees with the path, so the mutation is what gets judged
      o = o.deepCopy();
      if (o.has("id")) {
        o.put("id", pathId);
      }
      if (o.has("item_id")) {
        o.put("item_id", pathId);
      }
      example = o;
    }
    JsonMutator.Mutated m = mutator.mutate(example);
    String type =
        random.nextInt(6) == 0
            ? HostileText.pick(random, BODY_TYPES_REFUSED)
            : spec.bodyTypes().get(random.nextInt(spec.bodyTypes().size()));
    if (random.nextInt(10) == 0) {
      w.body(m.bytes()); // no Content-Type at all
    } else {
      w.body(type, m.bytes());
    }
    if (random.nextInt(10) == 0) {
      w.chunked(1 + random.nextInt(64));
    }
  }

  /** An events body holding nothing new: what any route may receive without changing the counts. */
  private byte[] neutralEvents() {
    return RawJson.ascii("{\"type\":\"view\"}");
  }

  private String word() {
    return Long.toString(random.nextLong(1L << 40), 36).toLowerCase(Locale.ROOT);
  }
}
