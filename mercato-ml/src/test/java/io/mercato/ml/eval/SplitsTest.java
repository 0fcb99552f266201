package io.mercato.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SplitsTest {
  static long line;

  static Interaction r(String user, String item, long seconds) {
    return new Interaction(user, item, 3, seconds * 1000, ++line);
  }

  @Test
  void leaveLastOutHoldsOutEachUsersLatest() {
    List<Interaction> all =
        List.of(
            r("1", "a", 10),
            r("1", "c", 30),
            r("1", "b", 20),
            r("2", "9", 50),
            r("2", "10", 40),
            r("2", "7", 40),
            r("3", "x", 10),
            r("3", "y", 20),
            r("3", "x", 50), // x is latest: both x lines leave training
            r("4", "only", 10),
            r("4", "only", 20)); // one distinct item: no case, stays in training
    Splits.HeldOut h = Splits.leaveLastOut(all);
    assertThat(h.test())
        .extracting(Interaction::user, Interaction::item)
        .containsExactly(pair("1", "c"), pair("2", "9"), pair("3", "x"));
    assertThat(h.train())
        .extracting(Interaction::user, Interaction::item)
        .containsExactly(
            pair("1", "a"),
            pair("1", "b"),
            pair("2", "10"),
            pair("2", "7"),
            pair("3", "y"),
            pair("4", "only"),
            pair("4", "only"));
  }

  @Test
  void aTieAtTheLatestSecondGoesToTheGreatestTieKey() {
    List<Interaction> all =
        List.of(r("1", "a", 10), r("1", "b", 30), r("1", "c", 30), r("1", "d", 30));
    String expected = "b";
    for (String item : List.of("c", "d")) {
      if (Splits.tieKey("1", item) > Splits.tieKey("1", expected)) {
        expected = item;
      }
    }
    assertThat(Splits.leaveLastOut(all).test())
        .extracting(Interaction::item)
        .containsExactly(expected);
  }

  /**
   * Tie-breaking by id would always hold out the greatest id; the tie key picks each of four tied items
   * about equally often (400 users: 100 each expected, standard deviation 8.7).
   */
  @Test
  void tieBreakingFavoursNoItemId() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 0; u < 400; u++) {
      for (int i = 1; i <= 4; i++) {
        all.add(r(String.valueOf(u), String.valueOf(i), 100));
      }
    }
    Map<String, Long> counts =
        Splits.leaveLastOut(all).test().stream()
            .collect(Collectors.groupingBy(Interaction::item, Collectors.counting()));
    assertThat(counts).hasSize(4).allSatisfy((item, n) -> assertThat(n).isBetween(65L, 135L));
  }

  @Test
  void theSplitDoesNotDependOnFileOrder() {
    List<Interaction> all = Synthetic.planted(3, 10, 10, 6, 1);
    List<Interaction> reversed = new ArrayList<>(all);
    Collections.reverse(reversed);
    assertThat(Splits.leaveLastOut(reversed, 20, 4).cases())
        .isEqualTo(Splits.leaveLastOut(all, 20, 4).cases());
  }

  @Test
  void negativesAreDistinctUnseenItemsDrawnBySeed() {
    List<Interaction> all = Synthetic.planted(4, 25, 30, 10, 2);
    EvalSet a = Splits.leaveLastOut(all, 40, 42);
    Map<String, Set<String>> seen =
        all.stream()
            .collect(
                Collectors.groupingBy(
                    Interaction::user, Collectors.mapping(Interaction::item, Collectors.toSet())));
    assertThat(a.cases()).hasSize(100);
    for (EvalCase c : a.cases()) {
      assertThat(c.negatives()).hasSize(40).doesNotHaveDuplicates();
      assertThat(c.negatives()).noneMatch(seen.get(c.user())::contains);
      assertThat(seen.get(c.user())).contains(c.item());
    }
    assertThat(Splits.leaveLastOut(all, 40, 42)).isEqualTo(a);
    assertThat(Splits.leaveLastOut(all, 40, 43).cases()).isNotEqualTo(a.cases());
    assertThat(a.seed()).isEqualTo(42L);
    assertThat(a.split()).isEqualTo("leave-last-out");
  }

  @Test
  void aUserWhoLeftFewerUnseenItemsGetsThemAll() {
    List<Interaction> all =
        List.of(r("1", "a", 1), r("1", "b", 2), r("1", "c", 3), r("2", "d", 1), r("2", "a", 2));
    EvalCase c = Splits.leaveLastOut(all, 99, 1).cases().get(0);
    assertThat(c.user()).isEqualTo("1");
    assertThat(c.negatives()).containsExactly("d"); // the only item user 1 never had
  }

  @Test
  void denseUsersFallBackToShufflingAndStillDrawDistinctItems() {
    List<Interaction> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(r("heavy", "i" + i, i));
      if (i < 5) {
        all.add(r("light", "i" + i, i));
      }
    }
    // heavy has seen everything, light has 25 unseen items and wants 20 (> half of them)
    EvalSet s = Splits.leaveLastOut(all, 20, 7);
    EvalCase light =
        s.cases().stream().filter(c -> c.user().equals("light")).findFirst().orElseThrow();
    assertThat(light.negatives())
        .hasSize(20)
        .doesNotHaveDuplicates()
        .allMatch(i -> Integer.parseInt(i.substring(1)) >= 5);
    EvalCase heavy =
        s.cases().stream().filter(c -> c.user().equals("heavy")).findFirst().orElseThrow();
    assertThat(heavy.negatives()).isEmpty();
  }

  /** Validation is a function of the training part alone: changing the test interactions changes nothing. */
  @Test
  void validationIsCarvedFromTrainingDataOnly() {
    List<Interaction> all = Synthetic.planted(3, 15, 20, 8, 6);
    Splits.HeldOut split = Splits.leaveLastOut(all);
    EvalSet v = Splits.validation(split.train(), 30, 5);

    List<Interaction> otherTests = new ArrayList<>(split.train());
    for (Interaction t : split.test()) {
      otherTests.add(
          new Interaction(
              t.user(),
              "never-seen-" + t.item(),
              5,
              t.timestampMillis() + 1,
              1_000_000 + t.line()));
    }
    assertThat(Splits.validation(Splits.leaveLastOut(otherTests).train(), 30, 5)).isEqualTo(v);

    assertThat(v.split()).isEqualTo("validation");
    Set<List<String>> testPairs = new HashSet<>();
    split.test().forEach(t -> testPairs.add(List.of(t.user(), t.item())));
    assertThat(v.cases()).noneMatch(c -> testPairs.contains(List.of(c.user(), c.item())));
    assertThat(v.train()).noneMatch(x -> testPairs.contains(List.of(x.user(), x.item())));
    assertThat(v.train().size() + v.cases().size())
        .isEqualTo(split.train().size()); // one rating per pair here
  }

  @Test
  void ncfFilesAreMatchedPairByPair() {
    Path test = Path.of("t.rating");
    Path neg = Path.of("t.negative");
    List<Interaction> train = List.of(r("0", "1", 1));
    List<Interaction> tests = List.of(r("0", "2", 2), r("1", "3", 2));
    List<NegativesLine> negs =
        List.of(
            new NegativesLine("1", "3", List.of("4"), 1),
            new NegativesLine("0", "2", List.of("5", "6"), 2));
    EvalSet s = Splits.ncf(train, tests, test, negs, neg);
    assertThat(s.cases())
        .containsExactly(
            new EvalCase("0", "2", List.of("5", "6")), new EvalCase("1", "3", List.of("4")));
    assertThat(s.negativesPerCase()).isEqualTo(2);
    assertThat(s.seed()).isNull();

    assertThatThrownBy(() -> Splits.ncf(train, tests, test, negs.subList(0, 1), neg))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith("t.rating line " + tests.get(0).line() + ": ")
        .hasMessageContaining("(0,2) has no line in t.negative");
    List<NegativesLine> extra = new ArrayList<>(negs);
    extra.add(new NegativesLine("7", "7", List.of("1"), 3));
    assertThatThrownBy(() -> Splits.ncf(train, tests, test, extra, neg))
        .isInstanceOf(DataFileException.class)
        .hasMessage("t.negative line 3: (7,7) is not a test interaction of t.rating");
    List<NegativesLine> twice = new ArrayList<>(negs);
    twice.add(new NegativesLine("0", "2", List.of("1"), 3));
    assertThatThrownBy(() -> Splits.ncf(train, tests, test, twice, neg))
        .isInstanceOf(DataFileException.class)
        .hasMessage("t.negative line 3: (0,2) already has negatives on line 2");
  }

  @Test
  void nothingToHoldOutIsAnError() {
    assertThatThrownBy(() -> Splits.leaveLastOut(List.of(r("1", "a", 1)), 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two distinct items");
    assertThatThrownBy(() -> Splits.leaveLastOut(List.of(r("1", "a", 1), r("1", "b", 2)), 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void idsCompareAsNumbersWhenBothAreNumbers() {
    assertThat(Ids.ORDER.compare("9", "10")).isNegative();
    assertThat(Ids.ORDER.compare("010", "9")).isPositive();
    assertThat(Ids.ORDER.compare("010", "10"))
        .isNegative(); // equal values, text decides: total order
    assertThat(Ids.ORDER.compare("10", "a")).isNegative();
    assertThat(Ids.ORDER.compare("b", "a")).isPositive();
  }

  private static Tuple pair(String user, String item) {
    return Tuple.tuple(user, item);
  }
}
