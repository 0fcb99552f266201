package io.mercato.core.rules;

import static io.mercato.core.campaign.change.MemoryCampaigns.T0;
import static io.mercato.core.campaign.change.MemoryCampaigns.newAd;
import static io.mercato.core.campaign.change.MemoryCampaigns.newCampaign;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.MemoryCampaigns;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualAdjustmentTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  final MemoryCampaigns store =
      new MemoryCampaigns()
          .put(newCampaign("c1"))
          .put(newCampaign("c2"))
          .put(newAd("ad-1", "c1", "0.40"))
          .put(newAd("ad-9", "c2", "0.40"));

  ManualAdjustment read(String body) throws Exception {
    return ManualAdjustment.read((ObjectNode) JSON.readTree(body), "c1", store::ad);
  }

  List<String> fields(String body) throws Exception {
    try {
      read(body);
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("read: " + body);
  }

  @Test
  void aManualActionIsTheSameChangeAsARulesAndRecordsThePerson() throws Exception {
    ManualAdjustment m =
        read(
            "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 20, \"reason\": \"weekend\"}");
    assertThat(m.adjustment().target()).isEqualTo(EntityRef.campaign("c1"));
    assertThat(m.adjustment().operation())
        .isEqualTo(new Operation.ChangeDiscount(Adjust.SET, new BigDecimal("20"), null, null));
    CampaignChanges changes =
        new CampaignChanges(
            new ChangePlanner(Guardrails.defaults()), store, InstantSource.fixed(T0));
    Committed done =
        changes.apply(m.adjustment(), Actor.person("alice"), m.provenance(), store.context(T0));
    assertThat(done.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.change().actor()).isEqualTo(Actor.person("alice"));
              assertThat(e.change().reason()).isEqualTo("weekend");
              assertThat(e.change().after()).isEqualTo("percent:20");
            });
  }

  @Test
  void anAdActionNamesAnAdOfTheCampaign() throws Exception {
    assertThat(read("{\"type\": \"pause\", \"ad_id\": \"ad-1\"}").adjustment().target())
        .isEqualTo(EntityRef.ad("ad-1"));
    assertThat(
            read("{\"type\": \"change_bid\", \"ad_id\": \"ad-1\", \"percent\": 10}")
                .adjustment()
                .operation())
        .isEqualTo(new Operation.ChangeBid(BigDecimal.TEN, null, null));
    assertThat(fields("{\"type\": \"pause\", \"ad_id\": \"ad-9\"}")).containsExactly("ad_id");
    assertThat(fields("{\"type\": \"change_bid\", \"percent\": 10}")).containsExactly("ad_id");
    assertThat(fields("{\"type\": \"extend_end\", \"by\": \"1d\", \"ad_id\": \"ad-1\"}"))
        .containsExactly("ad_id");
  }

  @Test
  void everyFaultIsNamed() throws Exception {
    assertThat(fields("{\"type\": \"notify\", \"url\": \"https://x\"}"))
        .containsExactly("url", "type");
    assertThat(fields("{\"type\": \"move_budget\", \"amount\": \"lots\", \"colour\": 1}"))
        .containsExactlyInAnyOrder("colour", "to", "amount");
    assertThat(fields("{}")).containsExactly("type");
  }
}
