package io.mercato.core.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a rule: what the rules API takes and answers, and (with {@code version},
 * {@code created_at}, {@code author} and {@code format}) how a version is stored.
 * <pre>{@code
 * {"id": "low-cvr", "name": "Raise the discount when CVR drops", "enabled": true,
 *  "scope": {"campaign_ids": ["spring-sale"], "condition": "\"sale\" in campaign.tags",
 *            "excluded_ids": [], "ads": false, "ad_condition": null},
 *  "window": "10m", "condition": "cvr < 0.02",
 *  "min_sample": {"impressions": 0, "clicks": 100, "conversions": 0},
 *  "trigger": {"every": "5m"},               // or {"cron": "0 9 * * MON-FRI", "time_zone": "Europe/Rome"}
 *                                            // or {"on_kpi_change": "5s"}
 *  "cooldown": "30m", "max_actions_per_day": 3,
 *  "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30},
 *              {"type": "notify", "url": "https://hooks.example/rules"}],
 *  "mode": "auto", "approval_ttl": "24h"}
 * }</pre>
 * Actions ({@code type}; {@code target} {@code campaign} (default) or {@code ads}):
 * {@code pause}, {@code resume}; {@code extend_end} ({@code by}, optional {@code ceiling});
 * {@code change_discount} and {@code change_daily_budget} ({@code how}: {@code set}, {@code add} or
 * {@code percent}; {@code amount}; optional {@code min}, {@code max}); {@code change_bid}
 * ({@code percent}, optional {@code min}, {@code max}; target {@code ads}); {@code move_budget}
 * ({@code to}, {@code amount}); {@code notify} ({@code url}). Durations are {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d} or ISO-8601. Defaults: enabled true, no minimum sample, no cooldown, 10
 * actions per day, approval_ttl 24h. Unknown members are refused. Reading checks structure and types
 * (every fault with its field); {@link RuleCompiler} checks meaning.
 */
public final class RuleJson {
  /** Version of the stored form. */
  public static final int FORMAT = 1;

  /** Default {@code max_actions_per_day}. */
  public static final int DEFAULT_MAX_ACTIONS_PER_DAY = 10;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> FIELDS =
      List.of(
          "id",
          "name",
          "enabled",
          "scope",
          "window",
          "condition",
          "min_sample",
          "trigger",
          "cooldown",
          "max_actions_per_day",
          "actions",
          "mode",
          "approval_ttl");
  private static final List<String> STORED = List.of("format", "version", "created_at", "author");

  private RuleJson() {}

  /**
   * The draft (version 0) a request body describes.
   *
   * @param ruleId the id the write is addressed to; the body's {@code id}, when given, must equal it
   * @throws ValidationException listing every structural fault with its field
   */
  public static Rule read(ObjectNode body, String ruleId) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors, FIELDS);
    Rule r = readRule(f, ruleId);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return r;
  }

  /** A stored version (what {@link #write} wrote for a saved rule). */
  public static Rule readStored(ObjectNode stored) {
    List<FieldError> errors = new ArrayList<>();
    List<String> known = new ArrayList<>(FIELDS);
    known.addAll(STORED);
    JsonFields f = new JsonFields(stored, "", errors, known);
    long format = f.whole("format", FORMAT, 1, 1);
    Rule r = readRule(f, f.text("id", true));
    int version = (int) f.whole("version", 0, 1, Integer.MAX_VALUE);
    Instant at = f.instant("created_at");
    String author = f.text("author", true);
    if (!errors.isEmpty() || format != FORMAT) {
      throw new ValidationException(
          errors.isEmpty() ? List.of(new FieldError("format", "unknown " + format)) : errors);
    }
    return r.saved(version, at, author);
  }

  private static Rule readRule(JsonFields f, String ruleId) {
    String id = f.text("id", false);
    if (id != null && ruleId != null && !id.equals(ruleId)) {
      f.error(
          "id",
          "must match the rule id of the request (\""
              + JsonFields.abbreviate(ruleId)
              + "\") but was \""
              + JsonFields.abbreviate(id)
              + "\"; leave it out or send the same id");
    }
    String name = f.text("name", true);
    boolean enabled = f.bool("enabled", true);
    RuleScope scope = scope(f);
    String window = f.text("window", true);
    String condition = f.text("condition", true);
    MinimumSample sample = MinimumSample.NONE;
    JsonFields m = f.object("min_sample", false, List.of("impressions", "clicks", "conversions"));
    if (m != null) {
      sample =
          new MinimumSample(
              m.whole("impressions", 0, 0, Long.MAX_VALUE),
              m.whole("clicks", 0, 0, Long.MAX_VALUE),
              m.whole("conversions", 0, 0, Long.MAX_VALUE));
    }
    RuleTrigger trigger = trigger(f);
    Duration cooldown = f.duration("cooldown", false);
    int maxPerDay =
        (int) f.whole("max_actions_per_day", DEFAULT_MAX_ACTIONS_PER_DAY, 1, Integer.MAX_VALUE);
    List<RuleAction> actions = actions(f);
    RuleMode mode = null;
    String modeText = f.text("mode", true);
    if (modeText != null) {
      mode = RuleMode.fromWire(modeText);
      if (mode == null) {
        f.error(
            "mode",
            "must be one of notify_only, dry_run, auto, require_approval but was \""
                + JsonFields.abbreviate(modeText)
                + "\"");
      }
    }
    Duration ttl = f.duration("approval_ttl", false);
    if (!f.errors.isEmpty()) {
      return null;
    }
    return new Rule(
        ruleId == null ? id : ruleId,
        0,
        name,
        enabled,
        scope,
        window,
        condition,
        sample,
        trigger,
        cooldown,
        maxPerDay,
        actions,
        mode,
        ttl,
        null,
        null);
  }

  private static RuleScope scope(JsonFields f) {
    JsonFields s =
        f.object(
            "scope",
            true,
            List.of("campaign_ids", "condition", "excluded_ids", "ads", "ad_condition"));
    if (s == null) {
      return null;
    }
    return new RuleScope(
        s.strings("campaign_ids"),
        s.text("condition", false),
        s.strings("excluded_ids"),
        s.bool("ads", false),
        s.text("ad_condition", false));
  }

  private static RuleTrigger trigger(JsonFields f) {
    JsonFields t =
        f.object("trigger", true, List.of("every", "cron", "time_zone", "on_kpi_change"));
    if (t == null) {
      return null;
    }
    int kinds =
        (t.has("every") ? 1 : 0) + (t.has("cron") ? 1 : 0) + (t.has("on_kpi_change") ? 1 : 0);
    if (kinds != 1) {
      f.error("trigger", "must have exactly one of every, cron, on_kpi_change");
      return null;
    }
    if (t.has("every")) {
      Duration d = t.duration("every", true);
      return d == null ? null : new RuleTrigger.Every(d);
    }
    if (t.has("on_kpi_change")) {
      Duration d = t.duration("on_kpi_change", true);
      return d == null ? null : new RuleTrigger.OnKpiChange(d);
    }
    String cron = t.text("cron", true);
    String zone = t.text("time_zone", false);
    ZoneId z = ZoneId.of("UTC");
    if (zone != null) {
      try {
        z = ZoneId.of(zone);
      } catch (DateTimeException e) {
        t.error(
            "time_zone",
            "must be an IANA time zone id such as Europe/Rome but was \""
                + JsonFields.abbreviate(zone)
                + "\"");
        return null;
      }
    }
    return cron == null ? null : new RuleTrigger.Cron(cron, z);
  }

  private static List<RuleAction> actions(JsonFields f) {
    List<RuleAction> out = new ArrayList<>();
    List<ObjectNode> nodes = f.objects("actions");
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == null) {
        continue;
      }
      JsonFields a =
          new JsonFields(
              nodes.get(i),
              f.path("actions[" + i + "]."),
              f.errors,
              List.of(
                  "type", "target", "by", "ceiling", "how", "amount", "min", "max", "percent", "to",
                  "url"));
      RuleAction action = action(a);
      if (action != null) {
        out.add(action);
      }
    }
    return out;
  }

  static RuleAction action(JsonFields a) {
    String type = a.text("type", true);
    if (type == null) {
      return null;
    }
    if (type.equals("notify")) {
      String url = a.text("url", true);
      try {
        return url == null ? null : new RuleAction.Notify(new URI(url));
      } catch (URISyntaxException e) {
        a.error("url", "is not a URL: " + e.getMessage());
        return null;
      }
    }
    String targetText = a.text("target", false);
    RuleAction.Target target = RuleAction.Target.CAMPAIGN;
    if ("ads".equals(targetText) || targetText == null && type.equals("change_bid")) {
      target = RuleAction.Target.ADS;
    } else if (targetText != null && !targetText.equals("campaign")) {
      a.error(
          "target",
          "must be campaign or ads but was \"" + JsonFields.abbreviate(targetText) + "\"");
      return null;
    }
    Operation op =
        switch (type) {
          case "pause" -> new Operation.Pause();
          case "resume" -> new Operation.Resume();
          case "extend_end" -> {
            Duration by = a.duration("by", true);
            Instant ceiling = a.instant("ceiling");
            yield by == null || by.isZero() || by.isNegative()
                ? positive(a, "by", by)
                : new Operation.ExtendEnd(by, ceiling);
          }
          case "change_discount", "change_daily_budget" -> {
            Adjust how = how(a);
            BigDecimal amount = a.decimal("amount", true);
            BigDecimal min = a.decimal("min", false);
            BigDecimal max = a.decimal("max", false);
            if (how == null || amount == null) {
              yield null;
            }
            yield type.equals("change_discount")
                ? new Operation.ChangeDiscount(how, amount, min, max)
                : new Operation.ChangeDailyBudget(how, amount, min, max);
          }
          case "change_bid" -> {
            BigDecimal percent = a.decimal("percent", true);
            yield percent == null
                ? null
                : new Operation.ChangeBid(
                    percent, a.decimal("min", false), a.decimal("max", false));
          }
          case "move_budget" -> {
            String to = a.text("to", true);
            BigDecimal amount = a.decimal("amount", true);
            yield to == null || amount == null ? null : new Operation.MoveBudget(to, amount);
          }
          default -> {
            a.error(
                "type",
                "must be one of pause, resume, extend_end, change_discount, change_bid, change_daily_budget, "
                    + "move_budget, notify but was \""
                    + JsonFields.abbreviate(type)
                    + "\"");
            yield null;
          }
        };
    return op == null ? null : new RuleAction.Change(target, op);
  }

  private static Operation positive(JsonFields a, String name, Duration d) {
    if (d != null) {
      a.error(name, "must be positive but was " + d);
    }
    return null;
  }

  private static Adjust how(JsonFields a) {
    String s = a.text("how", true);
    Adjust how = s == null ? null : Adjust.fromWire(s);
    if (s != null && how == null) {
      a.error("how", "must be set, add or percent but was \"" + JsonFields.abbreviate(s) + "\"");
    }
    return how;
  }

  /** The JSON of {@code r}: its wire form, with {@code format}, {@code version}, {@code created_at} and {@code author} once saved. */
  public static ObjectNode write(Rule r) {
    ObjectNode o = JSON.createObjectNode();
    if (r.version() > 0) {
      o.put("format", FORMAT);
    }
    o.put("id", r.id());
    if (r.version() > 0) {
      o.put("version", r.version());
      o.put("created_at", r.createdAt() == null ? null : r.createdAt().toString());
      o.put("author", r.author());
    }
    o.put("name", r.name());
    o.put("enabled", r.enabled());
    ObjectNode s = o.putObject("scope");
    r.scope().campaignIds().forEach(s.putArray("campaign_ids")::add);
    s.put("condition", r.scope().condition());
    r.scope().excludedIds().forEach(s.putArray("excluded_ids")::add);
    s.put("ads", r.scope().ads());
    s.put("ad_condition", r.scope().adCondition());
    o.put("window", r.window());
    o.put("condition", r.condition());
    ObjectNode m = o.putObject("min_sample");
    m.put("impressions", r.minSample().impressions());
    m.put("clicks", r.minSample().clicks());
    m.put("conversions", r.minSample().conversions());
    ObjectNode t = o.putObject("trigger");
    if (r.trigger() instanceof RuleTrigger.Every e) {
      t.put("every", duration(e.interval()));
    } else if (r.trigger() instanceof RuleTrigger.OnKpiChange k) {
      t.put("on_kpi_change", duration(k.minInterval()));
    } else if (r.trigger() instanceof RuleTrigger.Cron c) {
      t.put("cron", c.expression());
      t.put("time_zone", c.zone().getId());
    }
    o.put("cooldown", duration(r.cooldown()));
    o.put("max_actions_per_day", r.maxActionsPerDay());
    ArrayNode actions = o.putArray("actions");
    for (RuleAction a : r.actions()) {
      ObjectNode n = actions.addObject();
      n.put("type", a.wireName());
      if (a instanceof RuleAction.Notify notify) {
        n.put("url", notify.url().toString());
        continue;
      }
      RuleAction.Change ch = (RuleAction.Change) a;
      n.put("target", ch.target().wireName());
      Operation op = ch.operation();
      if (op instanceof Operation.ExtendEnd e) {
        n.put("by", duration(e.by()));
        n.put("ceiling", e.ceiling() == null ? null : e.ceiling().toString());
      } else if (op instanceof Operation.ChangeDiscount d) {
        n.put("how", d.how().wireName())
            .put("amount", d.amount())
            .put("min", d.min())
            .put("max", d.max());
      } else if (op instanceof Operation.ChangeDailyBudget b) {
        n.put("how", b.how().wireName())
            .put("amount", b.amount())
            .put("min", b.min())
            .put("max", b.max());
      } else if (op instanceof Operation.ChangeBid b) {
        n.put("percent", b.percent()).put("min", b.min()).put("max", b.max());
      } else if (op instanceof Operation.MoveBudget mv) {
        n.put("to", mv.to()).put("amount", mv.amount());
      }
    }
    o.put("mode", r.mode().wireName());
    o.put("approval_ttl", duration(r.approvalTtl()));
    return o;
  }

  /** A duration in the shortest of {@code Nd}, {@code Nh}, {@code Nm}, {@code Ns}; ISO-8601 below a second. */
  static String duration(Duration d) {
    if (d.getNano() != 0) {
      return d.toString();
    }
    long s = d.getSeconds();
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** The JSON text of {@link #write}. */
  public static String toText(Rule r) {
    return write(r).toString();
  }

  /** Parses JSON text into an object node, for stored versions. */
  public static ObjectNode parse(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new ValidationException("definition", "is not a JSON object: " + e.getMessage());
    }
  }
}
