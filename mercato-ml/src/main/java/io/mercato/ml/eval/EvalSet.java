package io.mercato.ml.eval;

import java.util.List;

/**
 * What an evaluation runs on: the training interactions, fed to the recommenders, and the held-out
 * cases they are scored on.
 *
 * @param split          how the data was split: {@code leave-last-out}, {@code validation} or
 *                       {@code ncf-files}
 * @param train          the training interactions, in file order
 * @param cases          the held-out cases, by user in {@link Ids#ORDER} (file order for NCF files)
 * @param negativesPerCase the negatives asked per case (sampled splits) or the most found in the
 *                       negatives file (NCF)
 * @param seed           the negative-sampling seed, or null when the negatives were given
 */
public record EvalSet(
    String split, List<Interaction> train, List<EvalCase> cases, int negativesPerCase, Long seed) {
  public EvalSet {
    train = List.copyOf(train);
    cases = List.copyOf(cases);
  }
}
