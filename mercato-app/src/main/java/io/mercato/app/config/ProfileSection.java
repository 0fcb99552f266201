package io.mercato.app.config;

import io.mercato.core.profile.ProfileConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code profile:} section: what each user profile keeps ({@link ProfileConfig}). The type
 * weights are a comma-separated {@code type=weight} list so that an environment variable or a flag
 * can set them like any other key.
 *
 * @param recentItems      most recent distinct items kept (default 50)
 * @param affinityHalfLife half-life of category affinity (default 1d)
 * @param sessionGap       inactivity that ends a session (default 30m)
 * @param sessionItems     items listed for the current session, at most recent-items (default 20)
 * @param maxCategories    categories with an affinity score (default 32)
 * @param typeWeights      affinity added per event type (default {@code view=1,click=2,add_to_cart=3,purchase=5})
 */
public record ProfileSection(
    int recentItems,
    Duration affinityHalfLife,
    Duration sessionGap,
    int sessionItems,
    int maxCategories,
    String typeWeights) {

  public ProfileSection {
    Objects.requireNonNull(affinityHalfLife, "affinity-half-life");
    Objects.requireNonNull(sessionGap, "session-gap");
    Objects.requireNonNull(typeWeights, "type-weights");
    toProfileConfig(
        recentItems, affinityHalfLife, sessionGap, sessionItems, maxCategories, typeWeights);
  }

  public static ProfileSection defaults() {
    ProfileConfig d = ProfileConfig.defaults();
    return new ProfileSection(
        d.recentItems(),
        d.affinityHalfLife(),
        d.sessionGap(),
        d.sessionItems(),
        d.maxCategories(),
        "view=1,click=2,add_to_cart=3,purchase=5");
  }

  /** The core configuration this section describes. */
  public ProfileConfig toProfileConfig() {
    return toProfileConfig(
        recentItems, affinityHalfLife, sessionGap, sessionItems, maxCategories, typeWeights);
  }

  private static ProfileConfig toProfileConfig(
      int recentItems,
      Duration halfLife,
      Duration gap,
      int sessionItems,
      int maxCategories,
      String weights) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String pair : weights.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      double w;
      try {
        w = eq < 0 ? Double.NaN : Double.parseDouble(pair.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        w = Double.NaN;
      }
      String type = eq < 0 ? "" : pair.substring(0, eq).trim();
      if (type.isEmpty() || !(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "profile type-weights must be type=weight pairs with a weight >= 0, "
                + "e.g. view=1,purchase=5; got '"
                + pair.trim()
                + "'");
      }
      m.put(type, w);
    }
    return new ProfileConfig(recentItems, halfLife, gap, sessionItems, m, maxCategories);
  }
}
