package io.mercato.core.reco;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The recommendation strategies, by their API names ({@code strategy=} query parameter). */
public enum Strategy {
  /** Picks or blends by what is known about the user; see {@link BlendRecommender}. */
  AUTO("auto"),
  /** Time-decayed popularity, global or within a category: the cold-start answer. */
  POPULAR("popular"),
  /** User-based collaborative filtering (cosine between users' weighted interaction vectors). */
  USER_CF("user_cf"),
  /** Item-based collaborative filtering from incrementally maintained co-occurrence. */
  ITEM_CF("item_cf"),
  /** Implicit-feedback matrix factorisation (iALS), trained in the background. */
  ALS("als"),
  /**
   * The MLP recommender (neural collaborative filtering whose user side is pooled from the user's
   * live recent items), trained offline; nothing to say (so popularity answers) while no model serves.
   */
  MLP("mlp"),
  /**
   * A LightGBM ranker over live features re-ordering the candidates of the cheaper strategies;
   * nothing to say (so popularity answers) while no model serves.
   */
  RANKED("ranked");

  private final String apiName;

  Strategy(String apiName) {
    this.apiName = apiName;
  }

  /** The name used in the API and configuration, e.g. {@code item_cf}. */
  public String apiName() {
    return apiName;
  }

  /** The strategy called {@code name} (case-insensitive), or empty. */
  public static Optional<Strategy> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Strategy s : values()) {
      if (s.apiName.equals(n)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Every API name, in declaration order (for error messages). */
  public static List<String> apiNames() {
    return Arrays.stream(values()).map(Strategy::apiName).toList();
  }

  @Override
  public String toString() {
    return apiName;
  }
}
