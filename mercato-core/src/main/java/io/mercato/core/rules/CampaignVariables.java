package io.mercato.core.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelVariableResolver;
import io.mercato.core.ads.Campaign;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule's scope condition sees: the campaign's definition, e.g.
 * {@code campaign.status == "active" && "black-friday" in campaign.tags && campaign.currency == "EUR"}.
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>name</th><th>type</th></tr>
 *   <tr><td>{@code campaign.id}, {@code campaign.name}, {@code campaign.status}, {@code campaign.currency},
 *       {@code campaign.discount_kind} ({@code percent}, {@code amount}, {@code none})</td><td>string</td></tr>
 *   <tr><td>{@code campaign.tags}</td><td>list(string)</td></tr>
 *   <tr><td>{@code campaign.discount} (0.0 without), {@code campaign.total_budget},
 *       {@code campaign.daily_budget}</td><td>double</td></tr>
 *   <tr><td>{@code campaign.start}, {@code campaign.end}, {@code now}</td><td>timestamp</td></tr>
 * </table>
 */
public final class CampaignVariables {
  static final Map<String, CelType> TYPES = types();

  private CampaignVariables() {}

  private static Map<String, CelType> types() {
    Map<String, CelType> t = new LinkedHashMap<>();
    for (String n : new String[] {"id", "name", "status", "currency", "discount_kind"}) {
      t.put("campaign." + n, SimpleType.STRING);
    }
    t.put("campaign.tags", ListType.create(SimpleType.STRING));
    for (String n : new String[] {"discount", "total_budget", "daily_budget"}) {
      t.put("campaign." + n, SimpleType.DOUBLE);
    }
    t.put("campaign.start", SimpleType.TIMESTAMP);
    t.put("campaign.end", SimpleType.TIMESTAMP);
    t.put("now", SimpleType.TIMESTAMP);
    return Collections.unmodifiableMap(t);
  }

  public static String names() {
    return String.join(", ", TYPES.keySet());
  }

  /** The variables of {@code c} at {@code now}, each computed when the condition reads it. */
  static CelVariableResolver resolver(Campaign c, Instant now) {
    return name ->
        Optional.ofNullable(
            switch (name) {
              case "campaign.id" -> c.id();
              case "campaign.name" -> c.name();
              case "campaign.status" -> c.status().wireName();
              case "campaign.currency" -> c.currency();
              case "campaign.discount_kind" ->
                  c.discount() == null
                      ? "none"
                      : c.discount().kind().name().toLowerCase(Locale.ROOT);
              case "campaign.tags" -> new ArrayList<>(c.tags());
              case "campaign.discount" ->
                  c.discount() == null ? 0.0 : c.discount().value().doubleValue();
              case "campaign.total_budget" -> c.totalBudget().doubleValue();
              case "campaign.daily_budget" -> c.dailyBudget().doubleValue();
              case "campaign.start" -> c.start();
              case "campaign.end" -> c.end();
              case "now" -> now;
              default -> null;
            });
  }

  /** The variables of {@code c} at {@code now}. */
  public static Map<String, Object> of(Campaign c, Instant now) {
    Map<String, Object> v = new LinkedHashMap<>(16);
    v.put("campaign.id", c.id());
    v.put("campaign.name", c.name());
    v.put("campaign.status", c.status().wireName());
    v.put("campaign.currency", c.currency());
    v.put(
        "campaign.discount_kind",
        c.discount() == null ? "none" : c.discount().kind().name().toLowerCase(Locale.ROOT));
    v.put("campaign.tags", new ArrayList<>(c.tags()));
    v.put("campaign.discount", c.discount() == null ? 0.0 : c.discount().value().doubleValue());
    v.put("campaign.total_budget", c.totalBudget().doubleValue());
    v.put("campaign.daily_budget", c.dailyBudget().doubleValue());
    v.put("campaign.start", c.start());
    v.put("campaign.end", c.end());
    v.put("now", now);
    return v;
  }
}
