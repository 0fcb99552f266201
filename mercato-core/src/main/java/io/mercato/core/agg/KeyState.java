package io.mercato.core.agg;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;

/**
 * Every aggregate of one item, category or campaign key, held together (by the embedded engine's
 * shards and by the Flink job's keyed state alike) so that an event costs one
 * hash lookup per scope instead of one per aggregate (those lookups in maps of many keys were a fifth
 * of a shard's time). Windowed counts and distinct users always; trending items for categories;
 * purchase value quantiles for campaigns, created on the first purchase with a value; for items, the
 * exact windowed counts of their trending events per category ({@link #categoryCount}), which make
 * a category's trending items exact (see {@link io.mercato.core.trending.TrendingRanker}).
 *
 * <p>Nearly every item's events carry one category, so an item keeps only that category's name
 * while they do: its category count is then its trending count, at no cost per event beyond a string
 * comparison. The first trending event under a second category (or without one, after events with
 * one) starts windowed counts per category, seeded with everything counted so far under the first.
 *
 * <pre>
 * v1: byte flags (1 trending, 2 values, 4 categories) | WindowedCounts | WindowedDistinct
 *     | [WindowedTopItems] | [ValueQuantiles]
 *     | [long incompleteUntil | byte mode (0 no trending event, 1 one category, 2 per category)
 *        | [string category ("" = none)] | [WindowedCounts per category]]
 * </pre>
 * Flag 4 was added later: an item state written without it reads with category counts that miss
 * every event up to its newest event time (so no category answer relies on them for windows that
 * reach back that far).
 */
public final class KeyState implements Aggregate<KeyState> {
  /**
   * Categories whose counts one item keeps at a time. An item's events carry one category, or a few
   * when the catalog changes; beyond this (a client sending one item under ever new categories) the
   * further ones are not counted and the item's category counts are marked incomplete, so memory per
   * item stays bounded.
   */
  public static final int MAX_CATEGORIES_PER_ITEM = 64;

  private static final int TRENDING = 1;
  private static final int VALUES = 2;
  private static final int CATEGORIES = 4;

  /** The category of trending events that carry none, while an item has only such events. */
  private static final String NO_CATEGORY = "";

  private final Windows windows;
  private final WindowedCounts counts;
  private final WindowedDistinct users;
  private final WindowedTopItems trending;
  private final boolean keepsValues;
  private ValueQuantiles values;
  private final boolean keepsCategories;

  /**
   * The category of every trending event so far ({@link #NO_CATEGORY} for events without one) while
   * they all share it; null before the first, and once {@link #byCategory} counts per category.
   */
  private String onlyCategory;

  /** Trending events per category (the category in place of the type) once there were several; else null. */
  private WindowedCounts byCategory;

  /** {@link #byCategory} misses events at or before this time; MIN_VALUE when it misses none. */
  private long incompleteUntil = Long.MIN_VALUE;

  /**
   * An empty key state: with trending items when {@code trending} (categories), keeping purchase
   * value quantiles when {@code values} (campaigns).
   */
  public KeyState(Windows windows, boolean trending, boolean values) {
    this(windows, trending, values, false);
  }

  /**
   * As {@link #KeyState(Windows, boolean, boolean)}, keeping the item's trending counts per category
   * when {@code categories} (items).
   */
  public KeyState(Windows windows, boolean trending, boolean values, boolean categories) {
    this(
        windows,
        new WindowedCounts(windows),
        new WindowedDistinct(windows),
        trending ? new WindowedTopItems(windows) : null,
        values,
        null,
        categories);
  }

  private KeyState(
      Windows windows,
      WindowedCounts counts,
      WindowedDistinct users,
      WindowedTopItems trending,
      boolean keepsValues,
      ValueQuantiles values,
      boolean keepsCategories) {
    this.windows = windows;
    this.counts = counts;
    this.users = users;
    this.trending = trending;
    this.keepsValues = keepsValues;
    this.values = values;
    this.keepsCategories = keepsCategories;
  }

  @Override
  public void apply(Event e) {
    apply(e, WindowedDistinct.userHash(e.userId()));
  }

  /** Applies {@code e} whose user was already hashed with {@link WindowedDistinct#userHash}. */
  public void apply(Event e, long userHash) {
    if (keepsCategories && WindowedTopItems.DEFAULT_TYPES.contains(e.type())) {
      countInCategory(
          e.category() == null ? NO_CATEGORY : e.category(), e.timestampMillis()); // before counts
    }
    counts.apply(e);
    users.applyHashed(e.timestampMillis(), userHash);
    if (trending != null) {
      trending.apply(e);
    }
    if (keepsValues && e.value() != null && EventTypes.PURCHASE.equals(e.type())) {
      if (values == null) {
        values = new ValueQuantiles();
      }
      values.apply(e);
    }
  }

  /** Called before {@link #counts} takes the event, so that they hold exactly the events before it. */
  private void countInCategory(String category, long t) {
    if (byCategory == null) {
      if (onlyCategory == null) {
        onlyCategory = category;
        return;
      }
      if (onlyCategory.equals(category)) {
        return; // still one category: its count is the trending count
      }
      byCategory = perCategory();
      onlyCategory = null;
    }
    if (category.equals(NO_CATEGORY)) {
      return; // no category to count it in
    }
    if (byCategory.customTypes() < MAX_CATEGORIES_PER_ITEM || byCategory.holds(category)) {
      byCategory.add(category, t, 1);
    } else {
      incompleteUntil = Math.max(incompleteUntil, t);
    }
  }

  /** The counts per category this state stands for: a copy, or the trending counts under the one category. */
  private WindowedCounts perCategory() {
    if (byCategory != null) {
      return byCategory.copy();
    }
    if (onlyCategory == null || onlyCategory.equals(NO_CATEGORY)) {
      return new WindowedCounts(windows);
    }
    return counts.select(WindowedTopItems.DEFAULT_TYPES, onlyCategory);
  }

  @Override
  public void merge(KeyState other) {
    if (keepsCategories) {
      mergeCategories(other); // before the counts: the one-category form reads them
    }
    counts.merge(other.counts);
    users.merge(other.users);
    if (trending != null && other.trending != null) {
      trending.merge(other.trending);
    }
    if (keepsValues && other.values != null) {
      if (values == null) {
        values = new ValueQuantiles();
      }
      values.merge(other.values);
    }
  }

  private void mergeCategories(KeyState other) {
    incompleteUntil = Math.max(incompleteUntil, other.incompleteUntil);
    if (other.onlyCategory == null && other.byCategory == null) {
      return; // no trending event there
    }
    if (onlyCategory == null && byCategory == null) {
      onlyCategory = other.onlyCategory;
      byCategory = other.byCategory == null ? null : other.byCategory.copy();
      return;
    }
    if (onlyCategory != null && onlyCategory.equals(other.onlyCategory)) {
      return;
    }
    WindowedCounts merged = perCategory();
    merged.merge(other.perCategory());
    byCategory = merged;
    onlyCategory = null;
  }

  /** Windowed counts per event type (live object). */
  public WindowedCounts counts() {
    return counts;
  }

  /** Distinct users per window (live object). */
  public WindowedDistinct users() {
    return users;
  }

  /** Trending items (live object), or null when this key does not keep them. */
  public WindowedTopItems trending() {
    return trending;
  }

  /** Purchase value quantiles (live object), or null before the first purchase with a value. */
  public ValueQuantiles values() {
    return values;
  }

  /**
   * This key's events of the trending types ({@link WindowedTopItems#DEFAULT_TYPES}) that {@code w}
   * covers at {@code nowMillis}: exact, like {@link WindowedCounts#count}.
   */
  public long trendingCount(Window w, long nowMillis) {
    return counts.count(WindowedTopItems.DEFAULT_TYPES, w, nowMillis);
  }

  /**
   * This item's events of the trending types with {@code category} that {@code w} covers at
   * {@code nowMillis}, exact; or -1 when not known exactly (the window reaches back to events this
   * state did not count by category: written before it did, or beyond
   * {@value #MAX_CATEGORIES_PER_ITEM} categories).
   *
   * @throws IllegalStateException when this state does not keep category counts (not an item)
   */
  public long categoryCount(String category, Window w, long nowMillis) {
    if (!keepsCategories) {
      throw new IllegalStateException("only item states keep counts per category");
    }
    if (incompleteUntil != Long.MIN_VALUE && w.startMillis(nowMillis) <= incompleteUntil) {
      return -1;
    }
    if (byCategory != null) {
      return byCategory.count(category, w, nowMillis);
    }
    return category.equals(onlyCategory) ? trendingCount(w, nowMillis) : 0;
  }

  /** True when nothing here can answer a query any more: no retained event and no all-time values. */
  public boolean idleBefore(long horizonMillis) {
    return counts.newestMillis() < horizonMillis && values == null;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(
        (trending != null ? TRENDING : 0)
            | (values != null ? VALUES : 0)
            | (keepsCategories ? CATEGORIES : 0));
    counts.writeTo(out);
    users.writeTo(out);
    if (trending != null) {
      trending.writeTo(out);
    }
    if (values != null) {
      values.writeTo(out);
    }
    if (keepsCategories) {
      out.writeLong(incompleteUntil);
      if (byCategory != null) {
        out.writeByte(2);
        byCategory.writeTo(out);
      } else if (onlyCategory != null) {
        out.writeByte(1).writeString(onlyCategory);
      } else {
        out.writeByte(0);
      }
    }
  }

  /** Reads the form {@link #writeTo} wrote, shaped like {@code new KeyState(windows, trending, keepsValues)}. */
  public static KeyState read(
      BinaryReader in, Windows windows, boolean trending, boolean keepsValues) {
    return read(in, windows, trending, keepsValues, false);
  }

  /**
   * Reads the form {@link #writeTo} wrote, shaped like
   * {@code new KeyState(windows, trending, keepsValues, categories)}.
   */
  public static KeyState read(
      BinaryReader in, Windows windows, boolean trending, boolean keepsValues, boolean categories) {
    int flags = in.readByte();
    if ((flags & ~(TRENDING | VALUES | CATEGORIES)) != 0) {
      throw new CorruptDataException("unknown key state flags " + flags);
    }
    WindowedCounts counts = WindowedCounts.read(in, windows);
    WindowedDistinct users = WindowedDistinct.read(in);
    WindowedTopItems top = (flags & TRENDING) != 0 ? WindowedTopItems.read(in) : null;
    ValueQuantiles values = (flags & VALUES) != 0 ? ValueQuantiles.read(in) : null;
    long incompleteUntil = Long.MIN_VALUE;
    String onlyCategory = null;
    WindowedCounts byCategory = null;
    if ((flags & CATEGORIES) != 0) {
      incompleteUntil = in.readLong();
      int mode = in.readByte();
      switch (mode) {
        case 0 -> {}
        case 1 -> onlyCategory = in.readString();
        case 2 -> byCategory = WindowedCounts.read(in, windows);
        default -> throw new CorruptDataException("unknown item category mode " + mode);
      }
    } else if (categories) {
      incompleteUntil =
          counts.newestMillis(); // written before categories were counted: none of these were
    }
    if (trending && top == null) {
      top = new WindowedTopItems(windows);
    }
    KeyState s =
        new KeyState(
            windows, counts, users, trending ? top : null, keepsValues, values, categories);
    if (categories) {
      s.onlyCategory = onlyCategory;
      s.byCategory = byCategory;
      s.incompleteUntil = incompleteUntil;
    }
    return s;
  }
}
