package io.mercato.ml.eval;

import io.mercato.core.event.Event;
import io.mercato.core.reco.InteractionWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns ratings into the interaction events serving would receive, with the
 * {@link InteractionWeights} that give them their weight (see {@link Weighting}).
 */
final class RatingEvents {
  private final Weighting weighting;
  private final InteractionWeights weights;

  /**
   * @param ratings every rating that will be turned into an event (to declare their types)
   * @throws IllegalArgumentException under {@link Weighting#RATING} when a rating is ≤ 0 or over
   *     1e6, or when there are more than 127 distinct rating values
   */
  RatingEvents(Weighting weighting, Iterable<Interaction> ratings) {
    this.weighting = weighting;
    Map<String, Number> m = new LinkedHashMap<>();
    if (weighting == Weighting.BINARY) {
      m.put("rating", 1);
    } else {
      TreeSet<Float> values = new TreeSet<>();
      for (Interaction x : ratings) {
        if (!(x.rating() > 0) || x.rating() > 1e6) {
          throw new IllegalArgumentException(
              "weighting by rating needs ratings in (0, 1e6], but line "
                  + x.line()
                  + " has rating "
                  + x.rating()
                  + "; use binary weighting");
        }
        values.add(x.rating());
      }
      if (values.size() > 127) {
        throw new IllegalArgumentException(
            "weighting by rating takes at most 127 distinct rating values but found "
                + values.size()
                + "; use binary weighting");
      }
      for (float v : values) {
        m.put(type(v), v);
      }
    }
    this.weights = new InteractionWeights(m);
  }

  InteractionWeights weights() {
    return weights;
  }

  /** The event type of a rating. */
  String type(Interaction x) {
    return weighting == Weighting.BINARY ? "rating" : type(x.rating());
  }

  /** The interaction weight of a rating. */
  float weight(Interaction x) {
    return weights.weight(type(x));
  }

  private static String type(float v) {
    return v == Math.rint(v) ? "rating-" + (long) v : "rating-" + v;
  }

  /** The event of the {@code seq}-th training rating, at the rating's time. */
  Event event(Interaction x, long seq) {
    return new Event(
        "eval-" + seq,
        true,
        type(x),
        x.user(),
        x.item(),
        null,
        null,
        null,
        null,
        x.timestampMillis(),
        Map.of());
  }
}
