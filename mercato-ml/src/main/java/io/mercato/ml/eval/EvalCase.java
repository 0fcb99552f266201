package io.mercato.ml.eval;

import java.util.List;
import java.util.Objects;

/**
 * One held-out interaction to rank: the user, the positive item, and the negatives it is ranked
 * among in the sampled protocol.
 *
 * @param user      the user
 * @param item      the held-out (positive) item
 * @param negatives sampled items the user did not interact with; may contain {@code item} or
 *                  repeats (NCF files are taken as given), which the evaluator collapses
 */
public record EvalCase(String user, String item, List<String> negatives) {
  public EvalCase {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(item, "item");
    negatives = List.copyOf(negatives);
  }
}
