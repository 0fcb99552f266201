package io.mercato.core.reco;

/** Event types as past-tense verbs for explanations ("similar to p-7 you viewed"). */
final class Verbs {
  private Verbs() {}

  static String pastTense(String type) {
    if (type == null) {
      return "interacted with";
    }
    return switch (type) {
      case "view" -> "viewed";
      case "click" -> "clicked";
      case "add_to_cart" -> "added to cart";
      case "purchase" -> "bought";
      case "rating" -> "rated";
      default -> "interacted with (" + type + ")";
    };
  }
}
