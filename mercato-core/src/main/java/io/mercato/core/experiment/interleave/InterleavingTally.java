package io.mercato.core.experiment.interleave;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The outcomes of an interleaving experiment and their analysis: how many answers team A won (more
 * clicks on its items), team B won, or tied. Ties carry no preference and are left out of the test.
 *
 * <ul>
 *   <li>Preference {@code Δ = (winsA − winsB) / (winsA + winsB + ties)}, in [−1, 1] (Chapelle, Joachims,
 *       Radlinski and Yue, "Large-Scale Validation and Analysis of Interleaved Search Evaluation", TOIS
 *       2012): positive when A is better.
 *   <li>Two-sided sign test: under "no preference" each decided answer is won by A with probability
 *       1/2, so {@code p = min(1, 2 · P(X <= min(winsA, winsB)))} for X ~ Binomial(winsA + winsB, 1/2)
 *       (Commons Math). This is a fixed-horizon test: decide the number of answers in advance, or
 *       read it once.
 * </ul>
 * Answers of one user are not independent; with many users each contributing few answers the test is
 * close to right, and a per-user tally (each user's majority) is the conservative alternative.
 * Mutable counters, not thread-safe; mergeable.
 */
public final class InterleavingTally {
  private long winsA;
  private long winsB;
  private long ties;

  /** Counts one answer's credit. */
  public void add(Interleaving.Credit credit) {
    Team w = credit.winner();
    if (w == Team.A) {
      winsA++;
    } else if (w == Team.B) {
      winsB++;
    } else {
      ties++;
    }
  }

  /** Adds the counts of {@code other}. */
  public void merge(InterleavingTally other) {
    winsA += other.winsA;
    winsB += other.winsB;
    ties += other.ties;
  }

  public long winsA() {
    return winsA;
  }

  public long winsB() {
    return winsB;
  }

  public long ties() {
    return ties;
  }

  /** The preference for A, Δ in [−1, 1]; 0 without answers. */
  public double preference() {
    long total = winsA + winsB + ties;
    return total == 0 ? 0 : (double) (winsA - winsB) / total;
  }

  /** The two-sided sign test's p-value; 1 without decided answers. */
  public double signTestPValue() {
    long decided = winsA + winsB;
    if (decided == 0) {
      return 1;
    }
    if (decided > Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 decided answers; tally per user instead");
    }
    BinomialDistribution null50 = new BinomialDistribution(null, (int) decided, 0.5);
    return Math.min(1, 2 * null50.cumulativeProbability((int) Math.min(winsA, winsB)));
  }

  /** The better team at level {@code alpha} by the sign test, or null when not significant. */
  public Team winner(double alpha) {
    if (signTestPValue() >= alpha || winsA == winsB) {
      return null;
    }
    return winsA > winsB ? Team.A : Team.B;
  }
}
