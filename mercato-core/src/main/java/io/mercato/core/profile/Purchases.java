package io.mercato.core.profile;

/**
 * A profile's purchase state, allocated at the first purchase: most users never buy, so the profile
 * itself carries one reference instead of the counters and two arrays (8 bytes less per profile).
 * Mutable; owned by one {@link UserProfile}.
 */
final class Purchases {
  /** Shallow size: 12-byte header, 2 ints, 1 double, 2 references (compressed) = 36, aligned to 40. */
  static final long OBJECT_BYTES = 40;

  static final String[] NO_STRINGS = {};
  static final long[] NO_LONGS = {};

  int count;
  int valued;
  double total;

  /** Newest purchase first; parallel arrays, exactly sized. */
  String[] items = NO_STRINGS;

  long[] times = NO_LONGS;

  Purchases copy() {
    Purchases p = new Purchases();
    p.count = count;
    p.valued = valued;
    p.total = total;
    p.items = items.length == 0 ? NO_STRINGS : items.clone();
    p.times = times.length == 0 ? NO_LONGS : times.clone();
    return p;
  }
}
