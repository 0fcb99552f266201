package io.mercato.core.profile;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.LegacyIds;
import io.mercato.core.stats.WindowedCounts;
import java.util.Arrays;

/**
 * The versioned binary form of a {@link UserProfile} (format in its class comment; pinned by its
 * tests): this build writes v2 and reads v1 and v2. The recent and purchased item lists are
 * {@link NewestItems}' form.
 */
final class UserProfileCodec {
  private UserProfileCodec() {}

  static void write(UserProfile p, BinaryWriter out) {
    out.writeByte(UserProfile.VERSION).writeBoolean(!p.isEmpty());
    if (!p.isEmpty()) {
      out.writeLong(p.firstSeen)
          .writeLong(p.lastSeen)
          .writeVarLong(p.lastSeen - p.sessionStart)
          .writeVarLong(p.sessionEvents)
          .writeVarLong(p.purchases())
          .writeVarLong(p.bought == null ? 0 : p.bought.valued)
          .writeDouble(p.totalValue());
      NewestItems.write(out, p.recentItems, p.recentTimes, p.lastSeen);
      out.writeVarLong(p.categories.length);
      for (int k = 0; k < p.categories.length; k++) {
        out.writeString(p.categories[k]).writeDouble(p.scores[k]);
      }
      NewestItems.write(out, p.purchasedArray(), p.purchasedTimeArray(), p.lastSeen);
    }
    p.counts.writeTo(out);
  }

  /**
   * Decodes what {@link #write} wrote, cutting lists to {@code shared}'s caps.
   *
   * @throws CorruptDataException on an unknown version, truncated or inconsistent data
   */
  static UserProfile read(BinaryReader in, UserProfile.Shared shared) {
    int version = in.readByte();
    if (version != 1 && version != UserProfile.VERSION) {
      throw new CorruptDataException(
          "unknown UserProfile version " + version + " (this build reads 1 and 2)");
    }
    boolean hasEvents = in.readBoolean();
    UserProfile p = hasEvents ? readState(in, shared, version) : null;
    WindowedCounts counts = WindowedCounts.read(in, shared.windows);
    UserProfile result = UserProfile.of(shared, counts);
    if (p != null) {
      result.firstSeen = p.firstSeen;
      result.lastSeen = p.lastSeen;
      result.sessionStart = p.sessionStart;
      result.sessionEvents = p.sessionEvents;
      result.bought = p.bought;
      result.recentItems = p.recentItems;
      result.recentTimes = p.recentTimes;
      result.categories = p.categories;
      result.scores = p.scores;
    }
    return result;
  }

  /** Reads the part before the counts into a scratch profile (counts is final, so it comes last). */
  private static UserProfile readState(BinaryReader in, UserProfile.Shared shared, int version) {
    UserProfile p = UserProfile.of(shared, null);
    p.firstSeen = in.readLong();
    p.lastSeen = in.readLong();
    if (p.firstSeen > p.lastSeen) {
      throw new CorruptDataException(
          "UserProfile first seen " + p.firstSeen + " after last seen " + p.lastSeen);
    }
    p.sessionStart = p.lastSeen - readSpan(in, p, "session start");
    p.sessionEvents = in.readLength(Integer.MAX_VALUE);
    int purchases = in.readLength(Integer.MAX_VALUE);
    int valued = in.readLength(purchases);
    double total = in.readDouble();
    if (p.sessionEvents == 0) {
      throw new CorruptDataException("UserProfile has an empty session");
    }
    if (!Double.isFinite(total)) {
      // Written before sums saturated (two values near the largest double): read as that bound, so
      // such
      // a data directory still loads. NaN (+∞ and -∞ added) kept nothing to go by: 0.
      total = Double.isNaN(total) ? 0 : Math.copySign(Double.MAX_VALUE, total);
    }
    if (purchases > 0 || total != 0) {
      Purchases b = p.bought();
      b.count = purchases;
      b.valued = valued;
      b.total = total;
    }
    p.setNewest(
        false,
        NewestItems.read(
            in,
            shared.config.recentItems(),
            p.firstSeen,
            p.lastSeen,
            shared.interner,
            "recent item"));
    int k = in.readLength(ProfileConfig.MAX_CAP);
    String[] c = new String[k];
    double[] s = new double[k];
    boolean legacy = false;
    for (int i = 0; i < k; i++) {
      c[i] = shared.interner.intern(in.readString());
      s[i] = in.readDouble();
      if (i > 0 && c[i].compareTo(c[i - 1]) <= 0) {
        if (!LegacyIds.mayHaveCollided(c[i - 1], c[i])) {
          throw new CorruptDataException(
              "UserProfile categories out of order: \"" + c[i] + "\" after \"" + c[i - 1] + "\"");
        }
        legacy = true;
      }
      if (!(s[i] >= 0) || s[i] == Double.POSITIVE_INFINITY) {
        throw new CorruptDataException("UserProfile affinity of \"" + c[i] + "\" is " + s[i]);
      }
    }
    if (legacy) {
      k = sortAndMerge(c, s, k);
    }
    if (k > shared.config.maxCategories()) {
      k = UserProfile.keepTop(c, s, k, shared.config.maxCategories());
    }
    p.categories = k == 0 ? UserProfile.NO_STRINGS : Arrays.copyOf(c, k);
    p.scores = k == 0 ? UserProfile.NO_DOUBLES : Arrays.copyOf(s, k);
    if (version >= 2) {
      p.setNewest(
          true,
          NewestItems.read(
              in,
              UserProfile.PURCHASED_ITEMS,
              p.firstSeen,
              p.lastSeen,
              shared.interner,
              "purchased item"));
    }
    return p;
  }

  /** A non-negative distance back from lastSeen that stays at or after firstSeen. */
  private static long readSpan(BinaryReader in, UserProfile p, String what) {
    long span = in.readVarLong();
    if (span < 0 || span > p.lastSeen - p.firstSeen) {
      throw new CorruptDataException(
          "UserProfile " + what + " out of range: " + span + " ms before last seen");
    }
    return span;
  }

  /**
   * Sorts the categories {@code c[0..k)} by name with their scores and adds up the scores of equal
   * names (an old writer stored distinct categories as one, see {@link LegacyIds}); returns the new
   * count. Scores of one profile share its reference time, so they add like the events behind them.
   */
  private static int sortAndMerge(String[] c, double[] s, int k) {
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> c[x].compareTo(c[y]));
    String[] sc = new String[k];
    double[] ss = new double[k];
    int n = 0;
    for (int i = 0; i < k; i++) {
      int from = order[i];
      if (n > 0 && sc[n - 1].equals(c[from])) {
        ss[n - 1] += s[from];
      } else {
        sc[n] = c[from];
        ss[n++] = s[from];
      }
    }
    System.arraycopy(sc, 0, c, 0, n);
    System.arraycopy(ss, 0, s, 0, n);
    return n;
  }
}
