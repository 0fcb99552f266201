package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.server.ApiRoute;
import io.mercato.server.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the fuzzer knows of each route: the route list is {@link Routes#ALL} (so a new route is fuzzed
 * without anyone adding it here), and its query parameters, request content types and example body
 * come from the OpenAPI document the server serves ({@code openapi.json}, kept in step with the route
 * table by {@code RoutesOpenApiTest}). A route the document does not describe is still fuzzed, with
 * what any route gets.
 */
final class OpenApiRoutes {
  private static final String RESOURCE = "/openapi.json";

  private final Map<ApiRoute, Spec> specs = new LinkedHashMap<>();

  /**
   * @param name     the query parameter
   * @param required whether the document marks it required
   * @param good     values the document offers: its enum, default, examples, and an integer's bounds
   */
  record Param(String name, boolean required, List<String> good) {}

  /**
   * @param route       the route
   * @param query       its query parameters
   * @param bodyTypes   the request body's media types, empty when it takes none
   * @param bodyExample the request body's example, or null
   */
  record Spec(ApiRoute route, List<Param> query, List<String> bodyTypes, JsonNode bodyExample) {}

  /** Reads the document from the class path (the server's {@code openapi.json}). */
  static OpenApiRoutes load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the class path (it ships in mercato-server)");
      }
      return new OpenApiRoutes(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  OpenApiRoutes(JsonNode doc) {
    for (ApiRoute r : Routes.ALL) {
      JsonNode op = doc.path("paths").path(r.path()).path(r.method().toLowerCase(Locale.ROOT));
      specs.put(r, new Spec(r, queryParams(doc, op), bodyTypes(op), bodyExample(op)));
    }
  }

  /** Every route of {@link Routes#ALL}, in its order. */
  List<Spec> all() {
    return new ArrayList<>(specs.values());
  }

  Spec of(ApiRoute route) {
    return specs.get(route);
  }

  /** Every method the route table uses, plus HEAD and OPTIONS. */
  static Set<String> methods() {
    Set<String> m = new LinkedHashSet<>();
    Routes.ALL.forEach(r -> m.add(r.method()));
    m.add("HEAD");
    m.add("OPTIONS");
    return m;
  }

  private static List<Param> queryParams(JsonNode doc, JsonNode op) {
    List<Param> out = new ArrayList<>();
    for (JsonNode p : op.path("parameters")) {
      JsonNode param = p.has("$ref") ? resolve(doc, p.get("$ref").asText()) : p;
      if (!"query".equals(param.path("in").asText())) {
        continue;
      }
      out.add(
          new Param(
              param.path("name").asText(),
              param.path("required").asBoolean(false),
              goodValues(param)));
    }
    return out;
  }

  private static List<String> goodValues(JsonNode param) {
    Set<String> good = new LinkedHashSet<>();
    JsonNode schema = param.path("schema");
    schema.path("enum").forEach(v -> good.add(v.asText()));
    if (schema.has("default")) {
      good.add(schema.get("default").asText());
    }
    if (param.has("example")) {
      good.add(param.get("example").asText());
    }
    param.path("examples").forEach(e -> good.add(e.path("value").asText()));
    if (schema.has("minimum")) {
      good.add(schema.get("minimum").asText());
    }
    if (schema.has("maximum")) {
      good.add(schema.get("maximum").asText());
    }
    if ("boolean".equals(schema.path("type").asText())) {
      good.add("true");
      good.add("false");
    }
    return List.copyOf(good);
  }

  private static List<String> bodyTypes(JsonNode op) {
    List<String> types = new ArrayList<>();
    op.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
    return types;
  }

  private static JsonNode bodyExample(JsonNode op) {
    for (JsonNode media : op.path("requestBody").path("content")) {
      if (media.has("example")) {
        return media.get("example");
      }
      for (JsonNode e : media.path("examples")) {
        if (e.has("value")) {
          return e.get("value");
        }
      }
    }
    return null;
  }

  private static JsonNode resolve(JsonNode doc, String ref) {
    JsonNode n = doc;
    for (String part : ref.replaceFirst("^#/", "").split("/")) {
      n = n.path(part);
    }
    return n;
  }
}
