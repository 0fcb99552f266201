package io.mercato.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.profile.NewestItems.Lists;
import org.junit.jupiter.api.Test;

class NewestItemsTest {
  static final Interner IDS = Interner.identity();

  /** Touches each (item, time) in turn into an empty list of {@code cap}. */
  static Lists touchAll(int cap, Object... itemTimes) {
    String[] items = NewestItems.NO_ITEMS;
    long[] times = NewestItems.NO_TIMES;
    for (int i = 0; i < itemTimes.length; i += 2) {
      Lists grown =
          NewestItems.touch(items, times, (String) itemTimes[i], (Long) itemTimes[i + 1], cap, IDS);
      if (grown != null) {
        items = grown.items();
        times = grown.times();
      }
    }
    return new Lists(items, times);
  }

  @Test
  void itemsAreDistinctNewestFirstAndASeenItemMovesUpWithItsNewerTime() {
    Lists l = touchAll(5, "a", 10L, "b", 20L, "c", 15L, "a", 30L, "b", 5L);
    assertThat(l.items()).containsExactly("a", "b", "c");
    assertThat(l.times()).containsExactly(30L, 20L, 15L);
  }

  @Test
  void aFullListDropsItsOldestAndNeverTakesWhatIsOlderThanAllItKeeps() {
    Lists l = touchAll(2, "a", 10L, "b", 20L, "c", 15L, "d", 1L);
    assertThat(l.items()).containsExactly("b", "c");
    assertThat(l.times()).containsExactly(20L, 15L);
  }

  @Test
  void changesInPlaceReturnNullAndOnlyGrowthReturnsNewArrays() {
    Lists l = touchAll(2, "a", 10L, "b", 20L);
    assertThat(NewestItems.touch(l.items(), l.times(), "a", 30L, 2, IDS)).isNull();
    assertThat(l.items()).containsExactly("a", "b");
    assertThat(NewestItems.touch(l.items(), l.times(), "c", 40L, 2, IDS))
        .isNull(); // full: in place
    assertThat(l.items()).containsExactly("c", "a");
    assertThat(NewestItems.touch(new String[0], new long[0], "x", 1L, 2, IDS)).isNotNull();
  }

  @Test
  void mergeKeepsEachItemOnceWithItsNewestTimeAndTheOtherSideFirstOnTies() {
    Lists mine = touchAll(4, "a", 10L, "b", 20L);
    Lists theirs = touchAll(4, "b", 30L, "c", 20L);
    Lists m = NewestItems.merge(mine.items(), mine.times(), theirs.items(), theirs.times(), 4, IDS);
    assertThat(m.items()).containsExactly("b", "c", "a");
    assertThat(m.times()).containsExactly(30L, 20L, 10L);
    assertThat(NewestItems.merge(mine.items(), mine.times(), new String[0], new long[0], 4, IDS))
        .isNull();
  }

  @Test
  void theBinaryFormRoundTripsAndAListWrittenUnderALargerCapLosesItsOldest() {
    Lists l = touchAll(5, "a", 100L, "b", 90L, "c", 80L);
    BinaryWriter w = new BinaryWriter();
    NewestItems.write(w, l.items(), l.times(), 100L);
    Lists back =
        NewestItems.read(new BinaryReader(w.toByteArray()), 5, 0L, 100L, IDS, "recent item");
    assertThat(back.items()).containsExactly("a", "b", "c");
    assertThat(back.times()).containsExactly(100L, 90L, 80L);
    Lists cut =
        NewestItems.read(new BinaryReader(w.toByteArray()), 2, 0L, 100L, IDS, "recent item");
    assertThat(cut.items()).containsExactly("a", "b");
  }

  @Test
  void aTimeBeforeFirstSeenIsCorruptData() {
    Lists l = touchAll(5, "a", 100L, "b", 10L);
    BinaryWriter w = new BinaryWriter();
    NewestItems.write(w, l.items(), l.times(), 100L);
    assertThatThrownBy(
            () ->
                NewestItems.read(
                    new BinaryReader(w.toByteArray()), 5, 50L, 100L, IDS, "recent item"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("recent item time out of range for \"b\"");
  }
}
