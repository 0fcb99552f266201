package io.mercato.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import org.junit.jupiter.api.Test;

class ExperimentJsonTest {
  /** Written by the first version of the stored form; must load forever (a change needs a migration). */
  static final String STORED_V1 =
      "{\"key\":\"reco-als\",\"version\":1,\"name\":\"ALS against item-CF\",\"mode\":\"ab\","
          + "\"arms\":[{\"name\":\"control\",\"kind\":\"recommendation_strategy\",\"payload\":{\"strategy\":\"item_cf\"}},"
          + "{\"name\":\"als\",\"kind\":\"recommendation_strategy\",\"payload\":{\"strategy\":\"als\"}}],"
          + "\"control\":\"control\",\"weights\":{\"control\":3.0,\"als\":1.0},\"targeting\":\"profile.purchases >= 1\","
          + "\"salt\":\"reco-als-1\",\"primary_metric\":\"conversion\",\"guardrail_metrics\":[\"revenue_per_user\",\"latency\"],"
          + "\"start\":\"2026-02-28T23:00:00Z\",\"stop\":\"2026-04-01T00:00:00Z\",\"holdouts\":{\"global\":0.05,"
          + "\"campaigns\":[{\"campaign_id\":\"spring-sale\",\"share\":0.1}]},\"updated_at\":\"1970-01-01T00:00:00.042Z\"}";

  @Test
  void theStoredFormIsPinned() {
    ExperimentDefinition full =
        ExperimentRulesTest.read(ExperimentRulesTest.json(ExperimentRulesTest.FULL));
    assertThat(ExperimentJson.write(full)).isEqualTo(STORED_V1);
    assertThat(ExperimentJson.readStored(STORED_V1)).isEqualTo(full);
  }

  @Test
  void everyKindOfDefinitionRoundTrips() {
    for (String text :
        new String[] {
          ExperimentRulesTest.FULL,
          ExperimentRulesTest.MINIMAL,
          ExperimentRulesTest.BANDIT,
          ExperimentRulesTest.INTERLEAVING
        }) {
      ExperimentDefinition d = ExperimentRulesTest.read(ExperimentRulesTest.json(text));
      assertThat(ExperimentJson.readStored(ExperimentJson.write(d))).as(text).isEqualTo(d);
    }
  }

  @Test
  void theAnswerFormIsAcceptedBackAsABodyOnceTheServerSetMembersAreRemoved() {
    ExperimentDefinition d =
        ExperimentRulesTest.read(ExperimentRulesTest.json(ExperimentRulesTest.BANDIT));
    var body = ExperimentJson.toJson(d);
    body.remove("version");
    body.remove("updated_at");
    assertThat(ExperimentRulesTest.RULES.read(body, d.key(), 1, d.updatedMillis())).isEqualTo(d);
  }

  @Test
  void aDocumentThatIsNotADefinitionIsCorruptData() {
    assertThatThrownBy(() -> ExperimentJson.readStored("[]"))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> ExperimentJson.readStored("{\"mode\": \"ab\", \"key\": 1}"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> ExperimentJson.readStored(STORED_V1.replace("\"ab\"", "\"abba\"")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("mode");
    assertThatThrownBy(
            () ->
                ExperimentJson.readStored(
                    STORED_V1.replace("\"control\":\"control\"", "\"control\":\"x\"")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("control");
    assertThatThrownBy(() -> ExperimentJson.readStored("{not json"))
        .isInstanceOf(CorruptDataException.class);
  }
}
