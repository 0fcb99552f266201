package io.mercato.core.reco;

import static io.mercato.core.reco.Interactions.T0;
import static io.mercato.core.reco.Interactions.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The explanation of every standard event type, and of a custom one, as item-CF and user-CF give it:
 * a regression for "a user like you added to cart it".
 */
class ReasonTextsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      view          | similar to p-7 you viewed                    | a user like you viewed it                  | 3 users like you viewed it
      click         | similar to p-7 you clicked                   | a user like you clicked it                 | 3 users like you clicked it
      add_to_cart   | similar to p-7 you added to your cart        | a user like you added it to their cart     | 3 users like you added it to their carts
      purchase      | similar to p-7 you bought                    | a user like you bought it                  | 3 users like you bought it
      impression    | similar to p-7 you saw an ad for             | a user like you saw an ad for it           | 3 users like you saw an ad for it
      ad_click      | similar to p-7 you clicked an ad for         | a user like you clicked an ad for it       | 3 users like you clicked an ad for it
      conversion    | similar to p-7 you converted on              | a user like you converted on it            | 3 users like you converted on it
      campaign_join | similar to p-7 you joined a campaign for     | a user like you joined a campaign for it   | 3 users like you joined a campaign for it
      rating        | similar to p-7 you rated                     | a user like you rated it                   | 3 users like you rated it
      wishlist      | similar to p-7 you interacted with (a "wishlist" event) | a user like you interacted with it (a "wishlist" event) | 3 users like you interacted with it ("wishlist" events)
      """)
  void eachTypeReadsAsASentence(String type, String similar, String oneUser, String threeUsers) {
    assertThat(ReasonTexts.similarTo("p-7", type)).isEqualTo(similar);
    assertThat(ReasonTexts.usersLikeYou(1, type)).isEqualTo(oneUser);
    assertThat(ReasonTexts.usersLikeYou(3, type)).isEqualTo(threeUsers);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      add_to_cart | similar to p-7 you added to your cart                   | a user like you added it to their cart
      purchase    | similar to p-7 you bought                               | a user like you bought it
      wishlist    | similar to p-7 you interacted with (a "wishlist" event) | a user like you interacted with it (a "wishlist" event)
      """)
  void recommendersExplainWithTheseSentences(
      String type, String itemCfReason, String userCfReason) {
    RecoConfig config = RecoConfig.defaults().withWeights(new InteractionWeights(Map.of(type, 1)));
    RecoState s = new RecoState(config);
    long t = T0;
    s.apply(event(type, "neighbour", "p-7", null, t++));
    s.apply(event(type, "neighbour", "p-8", null, t++));
    s.apply(event(type, "me", "p-7", null, t++));
    RecommendationService svc = new RecommendationService(s, ItemInfo.NONE, () -> null);
    ScoredItem byItem =
        svc.recommend("me", Strategy.ITEM_CF, new RecoRequest(1, null, true, true)).items().get(0);
    assertThat(byItem.itemId()).isEqualTo("p-8");
    assertThat(byItem.reasons()).containsExactly(itemCfReason);
    ScoredItem byUser =
        svc.recommend("me", Strategy.USER_CF, new RecoRequest(1, null, true, true)).items().get(0);
    assertThat(byUser.itemId()).isEqualTo("p-8");
    assertThat(byUser.reasons()).containsExactly(userCfReason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      similar to p-7 you interacted with | a user like you interacted with it
      """)
  void anUnknownStrongestActionStillReadsAsASentence(String similar, String oneUser) {
    assertThat(ReasonTexts.similarTo("p-7", null)).isEqualTo(similar);
    assertThat(ReasonTexts.usersLikeYou(1, null)).isEqualTo(oneUser);
  }
}
