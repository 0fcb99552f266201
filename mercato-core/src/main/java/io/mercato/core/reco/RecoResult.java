package io.mercato.core.reco;

import java.util.List;

/**
 * A recommendation answer.
 *
 * @param items        best first
 * @param strategy     the strategy asked for
 * @param used         what actually answered: the strategy, {@code popular} when it had nothing to
 *                     say about the user, or for {@code auto} the strategy it picked ({@code item_cf},
 *                     {@code blend})
 * @param modelVersion {@code live} for per-event state, else the model version(s) used
 * @param backfilled   how many trailing items came from popularity because the strategy found fewer
 *                     than {@code n}
 */
public record RecoResult(
    List<ScoredItem> items, Strategy strategy, String used, String modelVersion, int backfilled) {
  public RecoResult {
    items = List.copyOf(items);
  }
}
