package io.mercato.ml.eval;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evaluation splits.
 *
 * <h2>Leave-last-out</h2>
 * Each user's latest interaction is held out: the greatest timestamp, and among interactions with that
 * timestamp the one with the greatest {@link #tieKey} — a fixed pseudo-random order of (user, item)
 * pairs. MovieLens users often rate several movies in the same second (44% of ML-100K users have a
 * tie at their latest second, 3.9 items on average). Breaking the tie by file line would make the split
 * depend on the order of the file, and breaking it by item id would be biased: ML-100K ids run
 * roughly from well-known to obscure titles, and "the greatest id" holds out items with a median of
 * 92 ratings instead of about 121 (popularity's HR@10 drops from 0.405 to 0.318). Every other
 * interaction of the user with the held-out item leaves the training data too, so the answer is never
 * in it. Users with fewer than two distinct items keep everything
 * in training and get no case. This is the protocol of He et al., "Neural Collaborative Filtering"
 * (WWW 2017).
 *
 * <h2>Negatives</h2>
 * For each case, {@code n} items drawn uniformly without replacement from the items of the data
 * given ({@code all}) that the user never interacted with there, by one {@code java.util.Random(seed)}
 * (a generator whose sequence is specified) visiting users in {@link Ids#ORDER}. A user who has not
 * left {@code n} such items gets all of them.
 *
 * <h2>Validation</h2>
 * {@link #validation} applies the same two steps to the training part of a split as if it were all
 * the data: each user's latest training interaction is held out and negatives come from items the
 * user never interacted with in training. The test interactions are dropped before anything else
 * happens, so tuning on it cannot see them, not even as items excluded from the negatives.
 */
public final class Splits {
  private Splits() {}

  /** A split into training interactions and one held-out interaction per user. */
  public record HeldOut(List<Interaction> train, List<Interaction> test) {}

  /** Holds out each user's latest interaction as described above. O(n log n). */
  public static HeldOut leaveLastOut(List<Interaction> all) {
    Map<String, Interaction> latest = new HashMap<>();
    Map<String, Set<String>> distinct = new HashMap<>();
    for (Interaction x : all) {
      latest.merge(x.user(), x, (a, b) -> later(a, b) ? a : b);
      distinct.computeIfAbsent(x.user(), u -> new HashSet<>()).add(x.item());
    }
    TreeMap<String, Interaction> held = new TreeMap<>(Ids.ORDER);
    latest.forEach(
        (user, x) -> {
          if (distinct.get(user).size() >= 2) {
            held.put(user, x);
          }
        });
    List<Interaction> train = new ArrayList<>(all.size() - held.size());
    for (Interaction x : all) {
      Interaction h = held.get(x.user());
      if (h == null || !h.item().equals(x.item())) {
        train.add(x);
      }
    }
    return new HeldOut(train, new ArrayList<>(held.values()));
  }

  /** Whether {@code a} is later than {@code b} under the leave-last-out order. */
  static boolean later(Interaction a, Interaction b) {
    if (a.timestampMillis() != b.timestampMillis()) {
      return a.timestampMillis() > b.timestampMillis();
    }
    int c = Long.compare(tieKey(a.user(), a.item()), tieKey(b.user(), b.item()));
    if (c != 0) {
      return c > 0;
    }
    c = Ids.ORDER.compare(a.item(), b.item()); // only when String hash codes collide
    return c != 0 ? c > 0 : a.line() > b.line();
  }

  /**
   * The tie-break key of a (user, item) pair: the SplitMix64 finaliser of the two ids'
   * {@link String#hashCode} (a function the Java specification fixes), so it is the same on every
   * JVM and unrelated to the ids' order.
   */
  static long tieKey(String user, String item) {
    long z = ((long) user.hashCode() << 32) ^ (item.hashCode() & 0xFFFF_FFFFL);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Leave-last-out on {@code all} with {@code n} sampled negatives per case.
   *
   * @throws IllegalArgumentException if no user has two distinct items, or {@code n < 1}
   */
  public static EvalSet leaveLastOut(List<Interaction> all, int n, long seed) {
    return sampled("leave-last-out", all, n, seed);
  }

  /**
   * A validation set carved from training data only (see the class comment): call it with the
   * training part of a split, never with data that contains the test interactions.
   */
  public static EvalSet validation(List<Interaction> train, int n, long seed) {
    return sampled("validation", train, n, seed);
  }

  private static EvalSet sampled(String name, List<Interaction> all, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("negatives per user must be at least 1 but was " + n);
    }
    HeldOut h = leaveLastOut(all);
    if (h.test().isEmpty()) {
      throw new IllegalArgumentException(
          "no user has interactions with two distinct items, so nothing can be held out");
    }
    return new EvalSet(name, h.train(), sampleNegatives(h.test(), all, n, seed), n, seed);
  }

  /**
   * Cases for {@code test} with {@code n} negatives each, drawn as described in the class comment
   * from the items of {@code all}. Time O(|all| + Σ n) expected while users have seen at most half
   * the items, O(items) per user otherwise.
   */
  public static List<EvalCase> sampleNegatives(
      List<Interaction> test, List<Interaction> all, int n, long seed) {
    TreeMap<String, Integer> sortedItems = new TreeMap<>(Ids.ORDER);
    for (Interaction x : all) {
      sortedItems.put(x.item(), 0);
    }
    String[] universe = sortedItems.keySet().toArray(new String[0]);
    Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>(universe.length);
    for (int i = 0; i < universe.length; i++) {
      index.put(universe[i], i);
    }
    Map<String, BitSet> seen = new HashMap<>();
    for (Interaction x : all) {
      seen.computeIfAbsent(x.user(), u -> new BitSet(universe.length)).set(index.getInt(x.item()));
    }
    List<Interaction> ordered = new ArrayList<>(test);
    ordered.sort(
        (a, b) -> {
          int c = Ids.ORDER.compare(a.user(), b.user());
          return c != 0 ? c : Ids.ORDER.compare(a.item(), b.item());
        });
    Random rnd = new Random(seed);
    List<EvalCase> out = new ArrayList<>(ordered.size());
    for (Interaction x : ordered) {
      BitSet s = seen.getOrDefault(x.user(), new BitSet());
      out.add(new EvalCase(x.user(), x.item(), draw(universe, s, n, rnd)));
    }
    return out;
  }

  private static List<String> draw(String[] universe, BitSet seen, int n, Random rnd) {
    int free = universe.length - seen.cardinality();
    List<String> out = new ArrayList<>(Math.min(n, free));
    if (free <= n) {
      for (int i = seen.nextClearBit(0); i < universe.length; i = seen.nextClearBit(i + 1)) {
        out.add(universe[i]);
      }
      return out;
    }
    if (free >= 2 * n) {
      // rejection: each draw succeeds with probability > 1/2, so O(n) expected
      BitSet taken = new BitSet(universe.length);
      while (out.size() < n) {
        int i = rnd.nextInt(universe.length);
        if (!seen.get(i) && !taken.get(i)) {
          taken.set(i);
          out.add(universe[i]);
        }
      }
      return out;
    }
    int[] free2 = new int[free];
    int k = 0;
    for (int i = seen.nextClearBit(0); i < universe.length; i = seen.nextClearBit(i + 1)) {
      free2[k++] = i;
    }
    for (int i = 0; i < n; i++) { // partial Fisher–Yates
      int j = i + rnd.nextInt(free - i);
      int t = free2[i];
      free2[i] = free2[j];
      free2[j] = t;
      out.add(universe[free2[i]]);
    }
    return out;
  }

  /**
   * The NCF files as given: one case per test line, with the negatives of its {@code (user,item)}
   * line, in test-file order.
   *
   * @throws DataFileException naming the test or negatives line when a test pair has no negatives
   *     line, a pair is repeated, or a negatives line matches no test pair
   */
  public static EvalSet ncf(
      List<Interaction> train,
      List<Interaction> test,
      Path testFile,
      List<NegativesLine> negatives,
      Path negativesFile) {
    Map<List<String>, NegativesLine> byPair = new HashMap<>();
    for (NegativesLine l : negatives) {
      NegativesLine old = byPair.put(List.of(l.user(), l.item()), l);
      if (old != null) {
        throw new DataFileException(
            negativesFile,
            l.line(),
            "(" + l.user() + "," + l.item() + ") already has negatives on line " + old.line());
      }
    }
    Map<List<String>, Long> testLines = new HashMap<>();
    List<EvalCase> cases = new ArrayList<>(test.size());
    int most = 0;
    for (Interaction x : test) {
      List<String> pair = List.of(x.user(), x.item());
      Long old = testLines.put(pair, x.line());
      if (old != null) {
        throw new DataFileException(
            testFile,
            x.line(),
            "(" + x.user() + "," + x.item() + ") is already a test interaction on line " + old);
      }
      NegativesLine l = byPair.get(pair);
      if (l == null) {
        throw new DataFileException(
            testFile,
            x.line(),
            "(" + x.user() + "," + x.item() + ") has no line in " + negativesFile);
      }
      cases.add(new EvalCase(x.user(), x.item(), l.negatives()));
      most = Math.max(most, l.negatives().size());
    }
    for (NegativesLine l : negatives) {
      if (!testLines.containsKey(List.of(l.user(), l.item()))) {
        throw new DataFileException(
            negativesFile,
            l.line(),
            "(" + l.user() + "," + l.item() + ") is not a test interaction of " + testFile);
      }
    }
    return new EvalSet("ncf-files", train, cases, most, null);
  }
}
