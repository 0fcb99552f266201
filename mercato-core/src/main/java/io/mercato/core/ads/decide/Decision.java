package io.mercato.core.ads.decide;

import java.util.List;
import java.util.Map;

/**
 * The answer to "which ads should this user see here now?".
 *
 * @param decisionId a unique id; the impression events are {@code <decisionId>-<rank>}
 * @param ads        the chosen ads, best first; empty when none qualified
 * @param considered ads in the placement that were looked at
 * @param rejected   reason → how many ads it excluded (only reasons that excluded any)
 * @param reasons    when nothing was chosen, sentences saying why; otherwise empty
 */
public record Decision(
    String decisionId,
    List<ChosenAd> ads,
    int considered,
    Map<String, Integer> rejected,
    List<String> reasons) {
  public Decision {
    ads = List.copyOf(ads);
    rejected = Map.copyOf(rejected);
    reasons = List.copyOf(reasons);
  }
}
