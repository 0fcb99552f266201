package io.mercato.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.EntityKind;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.KpiSnapshot;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Planned changes as JSON text, for the approvals table (built with Jackson, never by concatenation). */
final class ChangeJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ChangeJson() {}

  static String write(List<CampaignChange> changes) {
    ArrayNode a = JSON.createArrayNode();
    for (CampaignChange c : changes) {
      ObjectNode o = a.addObject();
      o.put("entity_kind", c.entity().kind().wireName());
      o.put("entity_id", c.entity().id());
      o.put("campaign_id", c.campaignId());
      o.put("field", c.field().wireName());
      o.put("before", c.before());
      o.put("after", c.after());
      o.put("actor_kind", c.actor().kind().wireName());
      o.put("actor", c.actor().name());
      o.put("rule_id", c.actor().ruleId());
      o.put("rule_version", c.actor().ruleVersion());
      o.put("reason", c.reason());
      o.put("clamped", c.clamped());
      o.put("clamp_note", c.clampNote());
      if (c.kpis() != null) {
        o.put("kpi_window", c.kpis().window());
        o.put("watermark", c.kpis().watermark() == null ? null : c.kpis().watermark().toString());
        o.set("kpis", JSON.valueToTree(c.kpis().values()));
      }
      if (c.undoOf() != null) {
        o.put("undo_of", c.undoOf());
      }
    }
    return a.toString();
  }

  static List<CampaignChange> read(String text) throws SQLException {
    try {
      List<CampaignChange> out = new ArrayList<>();
      for (JsonNode o : JSON.readTree(text)) {
        KpiSnapshot kpis = null;
        if (o.hasNonNull("kpi_window")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> values = JSON.convertValue(o.get("kpis"), LinkedHashMap.class);
          kpis =
              new KpiSnapshot(
                  o.get("kpi_window").asText(),
                  o.hasNonNull("watermark") ? Instant.parse(o.get("watermark").asText()) : null,
                  values);
        }
        Actor actor =
            new Actor(
                Actor.Kind.fromWire(o.get("actor_kind").asText()),
                o.get("actor").asText(),
                o.hasNonNull("rule_id") ? o.get("rule_id").asText() : null,
                o.get("rule_version").asInt());
        out.add(
            new CampaignChange(
                new EntityRef(
                    EntityKind.fromWire(o.get("entity_kind").asText()),
                    o.get("entity_id").asText()),
                o.get("campaign_id").asText(),
                ChangeField.fromWire(o.get("field").asText()),
                o.hasNonNull("before") ? o.get("before").asText() : null,
                o.get("after").asText(),
                actor,
                o.get("reason").asText(),
                o.get("clamped").asBoolean(),
                o.get("clamp_note").asText(),
                kpis,
                o.hasNonNull("undo_of") ? o.get("undo_of").asLong() : null));
      }
      return out;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new SQLException("planned changes do not load: " + e.getMessage(), e);
    }
  }
}
