package io.mercato.core.reco;

import io.mercato.core.event.EventTypes;

/**
 * The sentences that explain a recommendation from the user's own history ("similar to p-7 you
 * added to your cart") or from similar users ("3 users like you added it to their carts").
 *
 * <p>English puts the object of some actions in the middle ("added <i>it</i> to their cart", "saw an
 * ad for <i>it</i>"), so each event type has three hand-written forms rather than one past-tense
 * verb to which "it" is appended. A custom type has no known verb: it is quoted as what it is, an
 * event type ({@code interacted with it (a "wishlist" event)}), so that the sentence stays correct
 * whatever the type is called.
 */
final class ReasonTexts {
  private ReasonTexts() {}

  /**
   * Why an item is recommended because it resembles {@code itemId} from the user's history, where the
   * user's strongest action on it was {@code type} (null when unknown): e.g. {@code similar to p-7 you
   * viewed}.
   */
  static String similarTo(String itemId, String type) {
    return "similar to " + itemId + " you " + phrase(type).relative;
  }

  /**
   * Why an item is recommended because {@code users} (≥ 1) similar users acted on it, their strongest
   * action being {@code type} (null when unknown): e.g. {@code a user like you bought it},
   * {@code 5 users like you added it to their carts}.
   */
  static String usersLikeYou(int users, String type) {
    Phrase p = phrase(type);
    return users == 1 ? "a user like you " + p.singular : users + " users like you " + p.plural;
  }

  /**
   * The forms of one action.
   *
   * @param relative after "similar to p-7 you", the object being p-7 ("added to your cart")
   * @param singular after "a user like you", the object being "it" ("added it to their cart")
   * @param plural   after "5 users like you" ("added it to their carts")
   */
  private record Phrase(String relative, String singular, String plural) {
    static Phrase simple(String verb, String preposition) {
      String object = preposition.isEmpty() ? " it" : " " + preposition + " it";
      String relative = preposition.isEmpty() ? verb : verb + " " + preposition;
      return new Phrase(relative, verb + object, verb + object);
    }
  }

  private static Phrase phrase(String type) {
    if (type == null) {
      return Phrase.simple("interacted", "with");
    }
    return switch (type) {
      case EventTypes.VIEW -> Phrase.simple("viewed", "");
      case EventTypes.CLICK -> Phrase.simple("clicked", "");
      case EventTypes.ADD_TO_CART ->
          new Phrase("added to your cart", "added it to their cart", "added it to their carts");
      case EventTypes.PURCHASE -> Phrase.simple("bought", "");
      case EventTypes.IMPRESSION -> Phrase.simple("saw an ad", "for");
      case EventTypes.AD_CLICK -> Phrase.simple("clicked an ad", "for");
      case EventTypes.CONVERSION -> Phrase.simple("converted", "on");
      case EventTypes.CAMPAIGN_JOIN -> Phrase.simple("joined a campaign", "for");
      case "rating" -> Phrase.simple("rated", ""); // the type offline evaluation gives ratings
      default ->
          new Phrase(
              "interacted with (a \"" + type + "\" event)",
              "interacted with it (a \"" + type + "\" event)",
              "interacted with it (\"" + type + "\" events)");
    };
  }
}
