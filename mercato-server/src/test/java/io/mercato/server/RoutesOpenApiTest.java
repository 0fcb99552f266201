package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps {@code openapi.json} and the route table {@link Routes} in step. */
class RoutesOpenApiTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static JsonNode doc;

  @BeforeAll
  static void parse() throws IOException {
    doc = Json.mapper().readTree(OpenApiEndpoint.load());
  }

  @Test
  void isAnOpenApi31Document() {
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
  }

  @Test
  void documentsExactlyTheRoutesOfTheRouteTable() {
    Set<String> documented = new HashSet<>();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (HTTP_METHODS.contains(m)) {
                  documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    Set<String> registered = new HashSet<>();
    Routes.ALL.forEach(r -> registered.add(r.method() + " " + r.path()));
    assertThat(documented).as("routes documented in openapi.json").isEqualTo(registered);
  }

  @Test
  void summariesMatchTheRouteTable() {
    for (ApiRoute r : Routes.ALL) {
      JsonNode op = operation(r);
      assertThat(op.path("summary").asText()).as("summary of %s", r).isEqualTo(r.summary());
    }
  }

  @Test
  void everyOperationDocumentsItsSuccessAndEveryReferenceResolves() {
    for (ApiRoute r : Routes.ALL) {
      JsonNode responses = operation(r).path("responses");
      assertThat(responses.fieldNames())
          .as("responses of %s", r)
          .toIterable()
          .anyMatch(code -> code.startsWith("2"));
    }
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
    }
  }

  @Test
  void errorResponsesAreProblemDocuments() {
    JsonNode ingest = operation(Routes.INGEST_EVENTS).path("responses");
    for (String code : List.of("400", "413", "415", "503")) {
      assertThat(ingest.path(code).path("content").has("application/problem+json"))
          .as("%s is problem+json", code)
          .isTrue();
    }
  }

  @Test
  void everyPathTemplateParameterIsDocumented() {
    for (ApiRoute r : Routes.ALL) {
      Matcher m = Pattern.compile("\\{([^/{}]+)}").matcher(r.path());
      while (m.find()) {
        String name = m.group(1);
        List<JsonNode> params = new ArrayList<>();
        operation(r)
            .path("parameters")
            .forEach(
                p -> params.add(p.has("$ref") ? doc.at(p.path("$ref").asText().substring(1)) : p));
        assertThat(params)
            .as("path parameter %s of %s", name, r)
            .anyMatch(
                p ->
                    p.path("in").asText().equals("path")
                        && p.path("name").asText().equals(name)
                        && p.path("required").asBoolean());
      }
    }
  }

  @Test
  void statisticsStateTheSketchAccuracy() {
    String stats = operation(Routes.STATS).path("description").asText();
    assertThat(stats).contains("1.6%").contains("1.65%");
    assertThat(doc.at("/components/schemas/DistinctUsers/description").asText()).contains("1.6%");
    assertThat(
            doc.at("/components/schemas/PurchaseValues/properties/rank_error/description").asText())
        .contains("0.0165");
  }

  @Test
  void statisticsStateTheTrendingGuaranteeTheRateBoundsAndTheMaxLead() {
    assertThat(doc.at("/components/schemas/TrendingResponse/required"))
        .extracting(JsonNode::asText)
        .contains("exact", "max_error");
    assertThat(doc.at("/components/schemas/TrendingTop/required"))
        .extracting(JsonNode::asText)
        .containsExactly("items", "exact", "max_error");
    assertThat(doc.at("/components/schemas/TrendingItem/required"))
        .extracting(JsonNode::asText)
        .containsExactly("item_id", "count");
    for (String field : List.of("raw", "smoothed", "prior")) {
      assertThat(doc.at("/components/schemas/Rate/properties/" + field + "/maximum").asInt())
          .as(field)
          .isEqualTo(1);
    }
    assertThat(doc.at("/components/schemas/Rate/properties/reason/enum"))
        .extracting(JsonNode::asText)
        .contains("no_trials", "successes_exceed_trials");
    assertThat(
            doc.at(
                "/components/schemas/CampaignKpis/properties/null_reasons/additionalProperties/enum"))
        .extracting(JsonNode::asText)
        .containsExactly("no_trials", "successes_exceed_trials", "no_conversions");
    assertThat(doc.at("/components/schemas/Event/properties/timestamp/description").asText())
        .contains("stats.max-lead");
  }

  @Test
  void eventSchemaStatesTheContractLimits() {
    JsonNode event = doc.at("/components/schemas/Event");
    assertThat(event.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("type", "user_id", "timestamp");
    assertThat(doc.at("/components/schemas/Id/maxLength").asInt()).isEqualTo(128);
    assertThat(event.at("/properties/type/maxLength").asInt()).isEqualTo(64);
    assertThat(event.at("/properties/attributes/maxProperties").asInt()).isEqualTo(32);
    assertThat(event.at("/properties/attributes/propertyNames/maxLength").asInt()).isEqualTo(64);
    assertThat(event.path("additionalProperties").asBoolean(true)).isFalse();
  }

  private static JsonNode operation(ApiRoute r) {
    JsonNode op = doc.path("paths").path(r.path()).path(r.method().toLowerCase(Locale.ROOT));
    assertThat(op.isMissingNode()).as("%s documented", r).isFalse();
    return op;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}
