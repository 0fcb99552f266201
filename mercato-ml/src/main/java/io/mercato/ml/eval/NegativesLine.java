package io.mercato.ml.eval;

import java.util.List;

/**
 * One line of an NCF negatives file: {@code (user,item)\tneg1\tneg2...}.
 *
 * @param user      the test user
 * @param item      the test (positive) item
 * @param negatives the sampled negative items, in file order
 * @param line      the 1-based line in the negatives file
 */
public record NegativesLine(String user, String item, List<String> negatives, long line) {
  public NegativesLine {
    negatives = List.copyOf(negatives);
  }
}
