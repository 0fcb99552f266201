package io.mercato.core.ads;

import io.mercato.core.text.Unicode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks of definitions read back from a campaign repository. Versions before invalid Unicode was
 * refused could store a campaign or ad whose strings hold an unpaired UTF-16 surrogate (the embedded
 * H2 database keeps one as is). Such a definition cannot be served: its ids would go into events,
 * journals, snapshots and Redis keys, whose writers refuse what UTF-8 cannot carry, and a client
 * could not even name it in a URL. Repositories skip it (with a log line naming the member), so it
 * stays in the database for an operator but never reaches decisions. Stateless.
 */
public final class StoredDefinitions {
  private StoredDefinitions() {}

  /** The first member of {@code c} holding an unpaired surrogate ({@code "name"}), or null. */
  public static String unencodableMember(Campaign c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("name", c.name());
    m.put("currency", c.currency());
    m.put("segment", c.segment());
    return first(m);
  }

  /** The first member of {@code a} holding an unpaired surrogate ({@code "creative.title"}), or null. */
  public static String unencodableMember(Ad a) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("campaign_id", a.campaignId());
    m.put("category", a.category());
    if (a.creative() != null) {
      m.put("creative.title", a.creative().title());
      m.put("creative.image_url", a.creative().imageUrl());
      m.put("creative.landing_url", a.creative().landingUrl());
    }
    int i = 0;
    for (String p : a.placements()) {
      m.put("placements[" + i++ + "]", p);
    }
    return first(m);
  }

  private static String first(Map<String, String> members) {
    for (Map.Entry<String, String> e : members.entrySet()) {
      if (e.getValue() != null && !Unicode.isWellFormed(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }
}
