package io.mercato.core.experiment.interleave;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Team-draft interleaving of two rankings (Radlinski, Kurup and Joachims, "How Does Clickthrough Data
 * Reflect Retrieval Quality?", CIKM 2008). Like captains picking teams: in each round a coin decides
 * which ranker picks first, then each ranker adds its highest-ranked item not yet in the list, until
 * the list is full. The team with fewer picks always picks next; the coin only breaks ties. So every
 * prefix of the answer holds (within one) as many items of each team, and a user who clicks at
 * random credits both teams equally; a user who prefers one ranker's items credits it more.
 *
 * <p>When one ranking runs out the other fills the rest. The coin comes from the {@code random}
 * passed in (seed it per request, e.g. from the request id, to reproduce an answer). Thread-safe
 * (stateless).
 */
public final class TeamDraft {
  private TeamDraft() {}

  /**
   * Interleaves {@code a} and {@code b} into at most {@code length} distinct items.
   *
   * @param a      ranker A's items, best first (duplicates are skipped)
   * @param b      ranker B's items, best first
   * @param length the most items in the answer, {@code >= 0}
   */
  public static Interleaving interleave(
      List<String> a, List<String> b, int length, RandomGenerator random) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(random, "random");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative but was " + length);
    }
    List<String> items = new ArrayList<>(length);
    List<Team> teams = new ArrayList<>(length);
    Set<String> shown = new HashSet<>();
    int nextA = 0;
    int nextB = 0;
    int picksA = 0;
    int picksB = 0;
    while (items.size() < length) {
      nextA = skipShown(a, nextA, shown);
      nextB = skipShown(b, nextB, shown);
      boolean aLeft = nextA < a.size();
      boolean bLeft = nextB < b.size();
      if (!aLeft && !bLeft) {
        break;
      }
      boolean aPicks = picksA < picksB || (picksA == picksB && random.nextBoolean());
      if (aPicks ? !aLeft : !bLeft) {
        aPicks = !aPicks; // the chosen ranker has nothing new: the other fills in
      }
      String item = aPicks ? a.get(nextA) : b.get(nextB);
      shown.add(item);
      items.add(item);
      teams.add(aPicks ? Team.A : Team.B);
      if (aPicks) {
        picksA++;
      } else {
        picksB++;
      }
    }
    return new Interleaving(items, teams);
  }

  private static int skipShown(List<String> ranking, int from, Set<String> shown) {
    int i = from;
    while (i < ranking.size() && shown.contains(Objects.requireNonNull(ranking.get(i), "item"))) {
      i++;
    }
    return i;
  }
}
