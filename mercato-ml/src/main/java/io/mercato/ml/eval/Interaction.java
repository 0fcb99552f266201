package io.mercato.ml.eval;

import java.util.Objects;

/**
 * One rating or interaction line of an evaluation file.
 *
 * @param user            the user id, as written in the file
 * @param item            the item id, as written in the file
 * @param rating          the rating (MovieLens 1–5; NCF files carry the original rating), finite
 * @param timestampMillis event time in epoch milliseconds (the files hold Unix seconds); 0 when the
 *                        file has no timestamp column
 * @param line            the 1-based line in its file, for error messages and stable tie-breaking
 */
public record Interaction(String user, String item, float rating, long timestampMillis, long line) {
  public Interaction {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(item, "item");
    if (!Float.isFinite(rating)) {
      throw new IllegalArgumentException("rating must be finite but was " + rating);
    }
  }
}
