package io.mercato.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.core.ads.DefinitionFields;
import io.mercato.core.ads.Discount;
import io.mercato.core.reco.Strategy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the arms of a definition, its control and its weights (see {@link ExperimentRules}). An arm:
 * <pre>{@code {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}}}</pre>
 * Payloads by kind: {@code recommendation_strategy} → {@code {strategy}}, one of the recommendation
 * strategies ({@code auto, popular, user_cf, item_cf, als}); {@code ad_policy} → {@code {policy}}, one
 * of {@link AdPolicy}; {@code campaign_settings} → {@code {campaign_id, discount}}, a campaign id and an
 * optional discount {@code {kind: percent|amount, value}} (a percentage in (0, 100]; absent or null
 * means the arm removes the campaign's discount). Not thread-safe; one per read.
 */
final class ArmReader {
  /**
   * An arm as read, before its weight: {@code name} and {@code treatment} null when invalid;
   * {@code given} the name as sent (so that weights naming an invalid arm are not reported twice).
   */
  record Parsed(String given, String name, Treatment treatment) {}

  private static final List<String> ARM_FIELDS = List.of("name", "kind", "payload");

  private final DefinitionFields r;
  private final int maxIdLength;

  ArmReader(DefinitionFields r, int maxIdLength) {
    this.r = r;
    this.maxIdLength = maxIdLength;
  }

  /** The arms, in order; empty when the member is missing or not an array (reported). */
  List<Parsed> arms(ExperimentMode mode) {
    JsonNode v = r.given("arms");
    if (v == null) {
      r.required("arms");
      return List.of();
    }
    if (!v.isArray()) {
      r.error("arms", "must be an array of arms but was " + DefinitionFields.describe(v));
      return List.of();
    }
    if (v.size() < 2 || v.size() > ExperimentRules.MAX_ARMS) {
      r.error("arms", "must have 2 to " + ExperimentRules.MAX_ARMS + " arms but has " + v.size());
      if (v.size() > ExperimentRules.MAX_ARMS) {
        return List.of();
      }
    }
    List<Parsed> out = new ArrayList<>(v.size());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      DefinitionFields a = r.element("arms", i, v.get(i), ARM_FIELDS);
      if (a == null) {
        out.add(new Parsed(null, null, null));
        continue;
      }
      JsonNode given = v.get(i).get("name");
      String name = name(a, names);
      out.add(
          new Parsed(
              given != null && given.isTextual() ? given.textValue() : null, name, treatment(a)));
    }
    return out;
  }

  private static String name(DefinitionFields a, List<String> seen) {
    String name = a.text("name", true);
    if (name == null) {
      return null;
    }
    if (!ExperimentRules.NAME.matcher(name).matches()) {
      a.error(
          "name",
          "must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or "
              + "digit, but was \""
              + DefinitionFields.abbreviate(name)
              + "\"");
      return null;
    }
    if (name.equals(ExperimentRules.HOLDOUT_GROUP)) {
      a.error("name", "\"" + name + "\" is reserved for the held-out users; choose another name");
      return null;
    }
    if (seen.contains(name)) {
      a.error("name", "\"" + name + "\" is the name of another arm; arm names are distinct");
      return null;
    }
    seen.add(name);
    return name;
  }

  private Treatment treatment(DefinitionFields a) {
    String kindText = a.text("kind", true);
    ArmKind kind = kindText == null ? null : ArmKind.fromWire(kindText).orElse(null);
    if (kindText != null && kind == null) {
      a.error(
          "kind",
          "must be one of "
              + String.join(", ", ArmKind.wireNames())
              + " but was \""
              + DefinitionFields.abbreviate(kindText)
              + "\"");
    }
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case RECOMMENDATION_STRATEGY ->
          recommendation(a.object("payload", true, List.of("strategy")));
      case AD_POLICY -> adPolicy(a.object("payload", true, List.of("policy")));
      case CAMPAIGN_SETTINGS ->
          campaign(a.object("payload", true, List.of("campaign_id", "discount")));
    };
  }

  private static Treatment recommendation(DefinitionFields p) {
    String s = p == null ? null : p.text("strategy", true);
    if (s == null) {
      return null;
    }
    if (!Strategy.apiNames().contains(s)) {
      p.error(
          "strategy",
          "must be one of "
              + String.join(", ", Strategy.apiNames())
              + " but was \""
              + DefinitionFields.abbreviate(s)
              + "\"");
      return null;
    }
    return new Treatment.Recommendation(Strategy.parse(s).orElseThrow());
  }

  private static Treatment adPolicy(DefinitionFields p) {
    String s = p == null ? null : p.text("policy", true);
    if (s == null) {
      return null;
    }
    AdPolicy policy = AdPolicy.fromWire(s).orElse(null);
    if (policy == null) {
      p.error(
          "policy",
          "must be one of "
              + String.join(", ", AdPolicy.wireNames())
              + " but was \""
              + DefinitionFields.abbreviate(s)
              + "\"");
      return null;
    }
    return new Treatment.AdDecisions(policy);
  }

  private Treatment campaign(DefinitionFields p) {
    if (p == null) {
      return null;
    }
    String campaignId = p.id("campaign_id", true, maxIdLength);
    DefinitionFields d = p.object("discount", false, List.of("kind", "value"));
    Discount discount = null;
    boolean discountOk = true;
    if (d != null) {
      String kindText = d.text("kind", true);
      Discount.Kind kind =
          kindText == null
              ? null
              : switch (kindText) {
                case "percent" -> Discount.Kind.PERCENT;
                case "amount" -> Discount.Kind.AMOUNT;
                default -> null;
              };
      if (kindText != null && kind == null) {
        d.error(
            "kind",
            "must be percent or amount but was \"" + DefinitionFields.abbreviate(kindText) + "\"");
      }
      BigDecimal value = d.amount("value", true);
      discountOk = kind != null && value != null;
      if (discountOk) {
        try {
          discount =
              new Discount(kind, value); // the discount's own rules (a percentage is at most 100)
        } catch (IllegalArgumentException e) {
          d.error("value", e.getMessage());
          discountOk = false;
        }
      }
    }
    return campaignId == null || !discountOk
        ? null
        : new Treatment.CampaignSettings(campaignId, discount);
  }

  /** The control arm's name: member {@code control}, else the first arm's. */
  String control(List<Parsed> arms) {
    String c = r.text("control", false);
    if (c == null || arms.isEmpty()) {
      return arms.isEmpty() ? null : arms.get(0).name();
    }
    if (arms.stream().noneMatch(a -> c.equals(a.given()))) {
      r.error(
          "control",
          "must name one of the arms ("
              + names(arms)
              + ") but was \""
              + DefinitionFields.abbreviate(c)
              + "\"");
      return null;
    }
    return c;
  }

  /**
   * The arms with their weights: {@code weights} in ab mode; 1 each otherwise. Without readable arms
   * or mode only the form of {@code weights} is checked (what it refers to is unknown).
   */
  List<Arm> weights(List<Parsed> arms, ExperimentMode mode) {
    JsonNode v = r.given("weights");
    if (mode == null || arms.isEmpty()) {
      if (v != null && !v.isObject()) {
        r.error(
            "weights",
            "must be an object of arm name → weight but was " + DefinitionFields.describe(v));
      }
      return List.of();
    }
    if (mode != ExperimentMode.AB) {
      if (v != null) {
        r.error(
            "weights",
            mode == ExperimentMode.BANDIT
                ? "must be left out in bandit mode: a bandit starts with equal weights and learns them"
                : "must be left out in interleaving mode: every answer interleaves both arms");
      }
      return build(arms, Map.of(), 1.0);
    }
    if (v == null) {
      r.required("weights");
      return List.of();
    }
    if (!v.isObject()) {
      r.error(
          "weights",
          "must be an object of arm name → weight but was " + DefinitionFields.describe(v));
      return List.of();
    }
    Map<String, Double> given = new HashMap<>();
    double sum = 0;
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String at = "weights." + DefinitionFields.abbreviate(e.getKey());
      if (arms.stream().noneMatch(a -> e.getKey().equals(a.given()))) {
        r.error(at, "names no arm; the arms are " + names(arms));
        continue;
      }
      JsonNode w = e.getValue();
      double d = w.isNumber() ? w.doubleValue() : Double.NaN;
      if (!w.isNumber() || !Double.isFinite(d) || d < 0) {
        r.error(
            at,
            "must be a finite number >= 0 but was "
                + (w.isNumber() ? w.asText() : DefinitionFields.describe(w)));
        continue;
      }
      given.put(e.getKey(), d);
      sum += d;
    }
    for (Parsed a : arms) {
      if (a.name() != null && !given.containsKey(a.name()) && !r.reported("weights." + a.name())) {
        r.error(
            "weights",
            "has no weight for arm \"" + a.name() + "\"; give every arm a weight (0 for none)");
      }
    }
    if (given.size() == arms.size() && !(sum > 0)) {
      r.error("weights", "must have a positive sum but the weights add up to " + sum);
    }
    return build(arms, given, Double.NaN);
  }

  private static List<Arm> build(List<Parsed> arms, Map<String, Double> weights, double fallback) {
    List<Arm> out = new ArrayList<>(arms.size());
    for (Parsed a : arms) {
      Double w = weights.getOrDefault(a.name(), fallback);
      if (a.name() == null || a.treatment() == null || w == null || w.isNaN()) {
        return List.of(); // some rule is broken and reported: no definition is built
      }
      out.add(new Arm(a.name(), a.treatment(), w));
    }
    return out;
  }

  private static String names(List<Parsed> arms) {
    return String.join(", ", arms.stream().map(Parsed::given).filter(Objects::nonNull).toList());
  }
}
