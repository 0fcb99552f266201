package io.mercato.core.experiment.interleave;

/** The ranker that contributed an item to an interleaved list: the experiment's first or second arm. */
public enum Team {
  A,
  B
}
