package io.mercato.core.reco;

import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/** The one ordering every strategy uses: score, then popularity, then id. */
public final class Ranking {
  private Ranking() {}

  /** Best first: the higher score, then the higher popularity, then the smaller id. */
  public static Comparator<String> byScore(
      ToDoubleFunction<String> score, ToDoubleFunction<String> popularity) {
    return (a, b) -> {
      int c = Double.compare(score.applyAsDouble(b), score.applyAsDouble(a));
      if (c != 0) {
        return c;
      }
      c = Double.compare(popularity.applyAsDouble(b), popularity.applyAsDouble(a));
      return c != 0 ? c : a.compareTo(b);
    };
  }
}
