package io.mercato.core.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.Discount;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.reco.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of a definition: what reads answer and what the repository stores, the members of
 * {@link ExperimentRules} plus {@code version} and {@code updated_at}. Instants are ISO-8601 in UTC,
 * durations ISO-8601 ({@code PT1H}), weights and shares JSON numbers, discounts decimal strings.
 *
 * <p>{@link #readStored} reads it back without re-applying the client rules (a stored definition
 * stays loadable when a rule is tightened later); it checks only what the records check. The form is
 * pinned by a test: every document written by this code must load.
 */
public final class ExperimentJson {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ExperimentJson() {}

  /** {@code d} as a JSON tree, members in documentation order. */
  public static ObjectNode toJson(ExperimentDefinition d) {
    ObjectNode o = NODES.objectNode();
    o.put("key", d.key());
    o.put("version", d.version());
    o.put("name", d.name());
    o.put("mode", d.mode().wireName());
    ArrayNode arms = o.putArray("arms");
    for (Arm a : d.arms()) {
      ObjectNode arm = arms.addObject();
      arm.put("name", a.name());
      arm.put("kind", a.kind().wireName());
      arm.set("payload", payload(a.treatment()));
    }
    o.put("control", d.control());
    if (d.mode() == ExperimentMode.AB) {
      ObjectNode w = o.putObject("weights");
      d.arms().forEach(a -> w.put(a.name(), a.weight()));
    }
    if (d.targeting() != null) {
      o.put("targeting", d.targeting());
    }
    o.put("salt", d.salt());
    o.put("primary_metric", d.primaryMetric().wireName());
    ArrayNode g = o.putArray("guardrail_metrics");
    d.guardrails().forEach(m -> g.add(m.wireName()));
    if (d.start() != null) {
      o.put("start", d.start().toString());
    }
    if (d.stop() != null) {
      o.put("stop", d.stop().toString());
    }
    ObjectNode h = o.putObject("holdouts");
    h.put("global", d.holdouts().global());
    ArrayNode hc = h.putArray("campaigns");
    d.holdouts()
        .campaigns()
        .forEach((id, share) -> hc.addObject().put("campaign_id", id).put("share", share));
    if (d.bandit() != null) {
      ObjectNode b = o.putObject("bandit");
      b.put("burn_in", d.bandit().burnIn().toString());
      b.put("cadence", d.bandit().cadence().toString());
      b.put("floor", d.bandit().floor());
    }
    o.put("updated_at", Instant.ofEpochMilli(d.updatedMillis()).toString());
    return o;
  }

  private static ObjectNode payload(Treatment t) {
    ObjectNode p = NODES.objectNode();
    if (t instanceof Treatment.Recommendation r) {
      p.put("strategy", r.strategy().apiName());
    } else if (t instanceof Treatment.AdDecisions a) {
      p.put("policy", a.policy().wireName());
    } else if (t instanceof Treatment.CampaignSettings c) {
      p.put("campaign_id", c.campaignId());
      if (c.discount() != null) {
        p.putObject("discount")
            .put("kind", c.discount().kind().name().toLowerCase(Locale.ROOT))
            .put("value", c.discount().value().toPlainString());
      }
    }
    return p;
  }

  /** {@code d} as compact JSON text. */
  public static String write(ExperimentDefinition d) {
    try {
      return MAPPER.writeValueAsString(toJson(d));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * The definition stored as {@code json} by {@link #write}.
   *
   * @throws CorruptDataException when it is not such a document (with the reason)
   */
  public static ExperimentDefinition readStored(String json) {
    Objects.requireNonNull(json, "json");
    try {
      JsonNode o = MAPPER.readTree(json);
      if (o == null || !o.isObject()) {
        throw new CorruptDataException("a stored experiment is a JSON object");
      }
      ExperimentMode mode =
          ExperimentMode.fromWire(text(o, "mode")).orElseThrow(() -> bad("mode", o));
      List<Arm> arms = new ArrayList<>();
      for (JsonNode a : o.path("arms")) {
        double weight =
            mode == ExperimentMode.AB
                ? required(o.path("weights"), text(a, "name")).doubleValue()
                : 1.0;
        arms.add(new Arm(text(a, "name"), treatment(a), weight));
      }
      return new ExperimentDefinition(
          text(o, "key"),
          required(o, "version").intValue(),
          text(o, "name"),
          mode,
          arms,
          text(o, "control"),
          optionalText(o, "targeting"),
          text(o, "salt"),
          Metric.fromWire(text(o, "primary_metric")).orElseThrow(() -> bad("primary_metric", o)),
          guardrails(o),
          instant(o, "start"),
          instant(o, "stop"),
          holdouts(o.path("holdouts")),
          bandit(o.path("bandit")),
          Instant.parse(text(o, "updated_at")).toEpochMilli());
    } catch (JsonProcessingException | RuntimeException e) {
      if (e instanceof CorruptDataException c) {
        throw c;
      }
      throw new CorruptDataException("stored experiment does not load: " + e.getMessage());
    }
  }

  private static Treatment treatment(JsonNode arm) {
    JsonNode p = required(arm, "payload");
    ArmKind kind = ArmKind.fromWire(text(arm, "kind")).orElseThrow(() -> bad("kind", arm));
    return switch (kind) {
      case RECOMMENDATION_STRATEGY ->
          new Treatment.Recommendation(
              Strategy.parse(text(p, "strategy")).orElseThrow(() -> bad("strategy", p)));
      case AD_POLICY ->
          new Treatment.AdDecisions(
              AdPolicy.fromWire(text(p, "policy")).orElseThrow(() -> bad("policy", p)));
      case CAMPAIGN_SETTINGS -> {
        JsonNode d = p.get("discount");
        Discount discount =
            d == null || d.isNull()
                ? null
                : new Discount(
                    Discount.Kind.valueOf(text(d, "kind").toUpperCase(Locale.ROOT)),
                    new BigDecimal(text(d, "value")));
        yield new Treatment.CampaignSettings(text(p, "campaign_id"), discount);
      }
    };
  }

  private static List<Metric> guardrails(JsonNode o) {
    List<Metric> out = new ArrayList<>();
    for (JsonNode m : o.path("guardrail_metrics")) {
      out.add(Metric.fromWire(m.asText()).orElseThrow(() -> bad("guardrail_metrics", o)));
    }
    return out;
  }

  private static Holdouts holdouts(JsonNode h) {
    if (h.isMissingNode() || h.isNull()) {
      return Holdouts.NONE;
    }
    Map<String, Double> campaigns = new LinkedHashMap<>();
    for (JsonNode c : h.path("campaigns")) {
      campaigns.put(text(c, "campaign_id"), required(c, "share").doubleValue());
    }
    return new Holdouts(h.path("global").asDouble(0), campaigns);
  }

  private static BanditSettings bandit(JsonNode b) {
    if (b.isMissingNode() || b.isNull()) {
      return null;
    }
    return new BanditSettings(
        Duration.parse(text(b, "burn_in")),
        Duration.parse(text(b, "cadence")),
        required(b, "floor").doubleValue());
  }

  private static Instant instant(JsonNode o, String name) {
    String s = optionalText(o, name);
    return s == null ? null : Instant.parse(s);
  }

  private static JsonNode required(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new CorruptDataException("stored experiment has no " + name);
    }
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = required(o, name);
    if (!v.isTextual()) {
      throw new CorruptDataException("stored experiment's " + name + " is not a string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : text(o, name);
  }

  private static CorruptDataException bad(String name, JsonNode o) {
    return new CorruptDataException(
        "stored experiment has an unknown " + name + ": " + o.get(name));
  }
}
