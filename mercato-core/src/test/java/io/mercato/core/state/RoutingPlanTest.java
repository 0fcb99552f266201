package io.mercato.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingPlanTest {
  static final RoutingPlan PLAN =
      new RoutingPlan(
          List.of(new CompositeKey("campaign_id+category"), new CompositeKey("item_id+ad_id")));

  /** Writes each call down as {@code scope:key}. */
  static List<String> route(Event e) {
    List<String> calls = new ArrayList<>();
    PLAN.route(
        e,
        new RoutingPlan.Targets<RuntimeException>() {
          @Override
          public void user(String userId, Event ev) {
            calls.add("user:" + userId);
          }

          @Override
          public void item(String itemId, Event ev) {
            calls.add("item:" + itemId);
          }

          @Override
          public void category(String category, Event ev) {
            calls.add("category:" + category);
          }

          @Override
          public void campaign(String campaignId, Event ev) {
            calls.add("campaign:" + campaignId);
          }

          @Override
          public void ad(String adId, Event ev) {
            calls.add("ad:" + adId);
          }

          @Override
          public void composite(int index, String key, Event ev) {
            calls.add("composite" + index + ":" + key);
          }

          @Override
          public void global(Event ev) {
            calls.add("global");
          }
        });
    return calls;
  }

  @Test
  void aFullEventTouchesEveryScopeInTheFixedOrder() {
    Event e = new Event("e", false, "click", "u1", "i1", "a1", "c1", "sports", null, 0, Map.of());
    assertThat(route(e))
        .containsExactly(
            "user:u1",
            "item:i1",
            "category:sports",
            "campaign:c1",
            "ad:a1",
            "composite0:c1|sports",
            "composite1:i1|a1",
            "global");
  }

  @Test
  void absentFieldsSkipTheirScopesAndEveryCompositeThatNeedsThem() {
    Event e = new Event("e", false, "view", "u2", "i2", null, null, "home", null, 0, Map.of());
    assertThat(route(e)).containsExactly("user:u2", "item:i2", "category:home", "global");
  }

  @Test
  void theClusterKeysAreTheSameRoute() {
    KeyedAggregates keyed =
        new KeyedAggregates(Windows.defaults(), PLAN.composites(), ProfileConfig.defaults(), 4);
    Event e = new Event("e", false, "click", "u1", "i1", "a1", "c1", "sports", null, 0, Map.of());
    assertThat(keyed.keysOf(e)).extracting(StateKey::toString).hasSize(route(e).size());
    assertThat(keyed.keysOf(e).get(5))
        .isEqualTo(new StateKey(StateKind.COMPOSITE, "campaign_id+category|c1|sports"));
    assertThat(keyed.keysOf(e).get(7).kind()).isEqualTo(StateKind.GLOBAL);
  }
}
