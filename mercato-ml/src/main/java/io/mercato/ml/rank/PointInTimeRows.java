package io.mercato.ml.rank;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Builds ranker training rows from an event log, point-in-time correct: the log is replayed in
 * event-time order (ties in log order) into a {@link FeatureState}; at each moment — an event the
 * {@code moment} predicate selects, standing for the request the user made just before acting — the
 * candidates' features are computed from the state holding only the events before it (the moment's own
 * event is applied after its rows), and labels come from what the user did next: the strongest of
 * their events on each candidate in {@code [t, t + horizon]} (view or other interaction 1, click 2,
 * add_to_cart 3, purchase 4).
 *
 * <p>Candidates of a moment: each first-stage strategy's top {@code perStage} items, the items the user
 * acted on within the horizon, and {@code randomNegatives} items drawn uniformly (seeded) from those
 * seen before the moment. A moment yields a group only when it has both a positive and a negative.
 *
 * <p>Batch first-stage models (iALS, MLP) must themselves be trained on events before the moments (or at
 * least without the rows' label events), else their scores leak the labels; see EVALUATION.md.
 */
public final class PointInTimeRows {
  private final Predicate<Event> moment;
  private final long horizonMillis;
  private final int perStage;
  private final int randomNegatives;
  private final long seed;
  private final boolean excludeSeen;

  /** As the full constructor, leaving the user's seen items out of the candidates. */
  public PointInTimeRows(
      Predicate<Event> moment, long horizonMillis, int perStage, int randomNegatives, long seed) {
    this(moment, horizonMillis, perStage, randomNegatives, seed, true);
  }

  /**
   * @param moment          which events are moments
   * @param horizonMillis   how far after a moment the labels look, ≥ 0
   * @param perStage        candidates taken from each first-stage strategy, ≥ 0
   * @param randomNegatives uniformly drawn candidates per moment, ≥ 0
   * @param seed            seed of the draws
   * @param excludeSeen     leave items in the user's history out of the unlabelled candidates, as serving's
   *                        {@code exclude_seen} does (true for data where nobody returns to an item, such as
   *                        ratings; false for shops where buying a viewed item is the point)
   */
  public PointInTimeRows(
      Predicate<Event> moment,
      long horizonMillis,
      int perStage,
      int randomNegatives,
      long seed,
      boolean excludeSeen) {
    if (horizonMillis < 0 || perStage < 0 || randomNegatives < 0) {
      throw new IllegalArgumentException(
          "horizon, perStage and randomNegatives must be >= 0 but were "
              + horizonMillis
              + ", "
              + perStage
              + ", "
              + randomNegatives);
    }
    this.moment = Objects.requireNonNull(moment, "moment");
    this.horizonMillis = horizonMillis;
    this.perStage = perStage;
    this.randomNegatives = randomNegatives;
    this.seed = seed;
    this.excludeSeen = excludeSeen;
  }

  /** The relevance grade of an event type: purchase 4, add_to_cart 3, click 2, anything else 1. */
  public static int grade(String type) {
    return switch (type) {
      case "purchase" -> 4;
      case "add_to_cart" -> 3;
      case "click" -> 2;
      default -> 1;
    };
  }

  /**
   * Replays {@code log} into {@code state} (which must be empty) and returns the rows.
   *
   * @param stages the first-stage strategies, built over {@code state}
   */
  public RankerRows build(List<Event> log, EventLogState state, FirstStage stages) {
    List<Event> ordered = new ArrayList<>(log);
    ordered.sort(
        Comparator.comparingLong(Event::timestampMillis)); // stable: ties stay in log order
    Map<String, List<Integer>> byUser = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      byUser.computeIfAbsent(ordered.get(i).userId(), u -> new ArrayList<>()).add(i);
    }
    Map<String, Integer> position = new HashMap<>(); // the next index into the user's event list
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> seenItems = new ArrayList<>();
    Set<String> seenSet = new HashSet<>();
    Builder out = new Builder();
    for (int i = 0; i < ordered.size(); i++) {
      Event e = ordered.get(i);
      int p = position.merge(e.userId(), 1, Integer::sum) - 1;
      if (moment.test(e) && e.itemId() != null) {
        Map<String, Integer> labels =
            labels(ordered, byUser.get(e.userId()), p, e.timestampMillis());
        List<String> cands = candidates(state, e.userId(), labels, stages, seenItems, rnd);
        boolean positive = false;
        boolean negative = false;
        for (String c : cands) {
          boolean l = labels.containsKey(c);
          positive |= l;
          negative |= !l;
        }
        if (positive && negative) {
          float[] f = RankerFeatures.compute(state, stages, e.userId(), cands, e.timestampMillis());
          out.add(new RankerRows.Moment(e.userId(), e.timestampMillis()), cands, labels, f);
        }
      }
      state.apply(e);
      if (e.itemId() != null && seenSet.add(e.itemId())) {
        seenItems.add(e.itemId());
      }
    }
    return out.build();
  }

  /**
   * Rows for moments all at the state's present ({@link FeatureState#asOfMillis()}): each user's
   * labels are given (item → grade, e.g. a held-out interaction), candidates are chosen as in
   * {@link #build}. For protocols whose test state holds every training event (leave-last-out), where
   * rows must be built from the same kind of state they will be scored with; an event log uses
   * {@link #build}.
   *
   * @param seenItems the items candidates may be drawn from at random
   */
  public RankerRows atPresent(
      FeatureState state,
      FirstStage stages,
      Map<String, Map<String, Integer>> labels,
      List<String> seenItems) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Builder out = new Builder();
    long now = state.asOfMillis();
    for (Map.Entry<String, Map<String, Integer>> e : labels.entrySet()) {
      List<String> cands = candidates(state, e.getKey(), e.getValue(), stages, seenItems, rnd);
      if (cands.size() > e.getValue().size() && !e.getValue().isEmpty()) {
        float[] f = RankerFeatures.compute(state, stages, e.getKey(), cands, now);
        out.add(new RankerRows.Moment(e.getKey(), now), cands, e.getValue(), f);
      }
    }
    return out.build();
  }

  /** Item → grade of the user's events from index {@code p} of their list while within the horizon. */
  private Map<String, Integer> labels(List<Event> ordered, List<Integer> mine, int p, long t) {
    Map<String, Integer> out = new HashMap<>();
    for (int j = p; j < mine.size(); j++) {
      Event x = ordered.get(mine.get(j));
      if (x.timestampMillis() > t + horizonMillis) {
        break;
      }
      if (x.itemId() != null) {
        out.merge(x.itemId(), grade(x.type()), Math::max);
      }
    }
    return out;
  }

  /**
   * The labelled items, the stages' candidates and random items; with {@code excludeSeen}, none of them in
   * the user's history unless labelled (as training negatives, seen items with high first-stage scores
   * would teach the ranker that a high score means "not chosen", while serving never offers them).
   */
  private List<String> candidates(
      FeatureState state,
      String user,
      Map<String, Integer> labels,
      FirstStage stages,
      List<String> seen,
      SplittableRandom rnd) {
    LinkedHashSet<String> c = new LinkedHashSet<>(labels.keySet().stream().sorted().toList());
    if (perStage > 0) {
      c.addAll(stages.candidates(state.reco(), user, perStage, excludeSeen));
    }
    Set<String> history = excludeSeen ? FirstStage.seen(state.reco(), user) : Set.of();
    int want =
        c.size() + Math.min(randomNegatives, seen.size()); // the tries bound it when few are left
    for (int tries = 0; c.size() < want && tries < 4 * randomNegatives + 16; tries++) {
      String item = seen.get(rnd.nextInt(seen.size()));
      if (!history.contains(item)) {
        c.add(item);
      }
    }
    return new ArrayList<>(c);
  }

  private static final class Builder {
    final List<float[]> features = new ArrayList<>();
    final List<Float> labels = new ArrayList<>();
    final List<Integer> groups = new ArrayList<>();
    final List<RankerRows.Moment> moments = new ArrayList<>();
    final List<String> items = new ArrayList<>();

    void add(RankerRows.Moment m, List<String> cands, Map<String, Integer> labelOf, float[] f) {
      features.add(f);
      for (String c : cands) {
        labels.add((float) labelOf.getOrDefault(c, 0));
        items.add(c);
      }
      groups.add(cands.size());
      moments.add(m);
    }

    RankerRows build() {
      int width = RankerFeatures.count();
      float[] all = new float[labels.size() * width];
      int at = 0;
      for (float[] f : features) {
        System.arraycopy(f, 0, all, at, f.length);
        at += f.length;
      }
      float[] l = new float[labels.size()];
      for (int i = 0; i < l.length; i++) {
        l[i] = labels.get(i);
      }
      return new RankerRows(
          all, l, groups.stream().mapToInt(Integer::intValue).toArray(), moments, items);
    }
  }
}
