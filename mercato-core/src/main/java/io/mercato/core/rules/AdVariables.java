package io.mercato.core.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelVariableResolver;
import io.mercato.core.ads.Ad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule's ad condition sees: one ad of a campaign in scope with its all-time serving counts,
 * e.g. {@code ad.impressions >= 1000 && ad.ctr < 0.002}.
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>name</th><th>type</th></tr>
 *   <tr><td>{@code ad.id}, {@code ad.status}, {@code ad.category} ("" without), {@code ad.bid_type}
 *       ({@code cpc}, {@code cpm})</td><td>string</td></tr>
 *   <tr><td>{@code ad.placements}</td><td>list(string)</td></tr>
 *   <tr><td>{@code ad.bid}, {@code ad.ctr} (clicks / impressions, 0.0 without)</td><td>double</td></tr>
 *   <tr><td>{@code ad.impressions}, {@code ad.clicks}</td><td>int</td></tr>
 * </table>
 */
public final class AdVariables {
  static final Map<String, CelType> TYPES = types();

  private AdVariables() {}

  private static Map<String, CelType> types() {
    Map<String, CelType> t = new LinkedHashMap<>();
    for (String n : new String[] {"id", "status", "category", "bid_type"}) {
      t.put("ad." + n, SimpleType.STRING);
    }
    t.put("ad.placements", ListType.create(SimpleType.STRING));
    t.put("ad.bid", SimpleType.DOUBLE);
    t.put("ad.ctr", SimpleType.DOUBLE);
    t.put("ad.impressions", SimpleType.INT);
    t.put("ad.clicks", SimpleType.INT);
    return Collections.unmodifiableMap(t);
  }

  public static String names() {
    return String.join(", ", TYPES.keySet());
  }

  /** The variables of {@code ad} with its {@code [impressions, clicks]}, each computed when read. */
  static CelVariableResolver resolver(Ad ad, long[] counts) {
    return name ->
        Optional.ofNullable(
            switch (name) {
              case "ad.id" -> ad.id();
              case "ad.status" -> ad.status().wireName();
              case "ad.category" -> ad.category() == null ? "" : ad.category();
              case "ad.bid_type" -> ad.bid().type().wireName();
              case "ad.placements" -> new ArrayList<>(ad.placements());
              case "ad.bid" -> ad.bid().amount().doubleValue();
              case "ad.ctr" -> counts[0] == 0 ? 0.0 : (double) counts[1] / counts[0];
              case "ad.impressions" -> counts[0];
              case "ad.clicks" -> counts[1];
              default -> null;
            });
  }

  /** The variables of {@code ad} with its {@code [impressions, clicks]}. */
  public static Map<String, Object> of(Ad ad, long[] counts) {
    Map<String, Object> v = new LinkedHashMap<>(12);
    v.put("ad.id", ad.id());
    v.put("ad.status", ad.status().wireName());
    v.put("ad.category", ad.category() == null ? "" : ad.category());
    v.put("ad.bid_type", ad.bid().type().wireName());
    v.put("ad.placements", new ArrayList<>(ad.placements()));
    v.put("ad.bid", ad.bid().amount().doubleValue());
    v.put("ad.ctr", counts[0] == 0 ? 0.0 : (double) counts[1] / counts[0]);
    v.put("ad.impressions", counts[0]);
    v.put("ad.clicks", counts[1]);
    return v;
  }
}
