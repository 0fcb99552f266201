package io.mercato.core.io;

/**
 * Reading data that Mercato wrote before its binary strings were strict. That writer
 * ({@code String.getBytes(UTF_8)}) stored each unpaired UTF-16 surrogate as {@code ?}, so distinct
 * ids ({@code x-\u005Cud800}, {@code x-\u005Cudc00}, {@code x-?}) were stored as one, and an id could move
 * in a sorted structure ({@code ?} sorts before letters, a surrogate after them). Readers of sorted
 * or unique structures tolerate exactly that: keys out of order or repeated where one of the two
 * holds {@code ?}; such entries are folded together, each structure saying how. Anything else out of
 * order is still damage. The current writer never produces such data (it refuses unpaired
 * surrogates), so the tolerance only ever applies to old files; their next snapshot is in order.
 */
public final class LegacyIds {
  private LegacyIds() {}

  /**
   * True when {@code later} following {@code earlier} in a structure that must be strictly ascending
   * (or duplicate-free) can be the old writer's doing: one of the two holds {@code ?}. Replacing a
   * surrogate by {@code ?} only lowers a string, so of an inverted or equal pair, the later one
   * always holds it; the earlier one is checked too, for a pair of replaced ids.
   */
  public static boolean mayHaveCollided(String earlier, String later) {
    return later.indexOf('?') >= 0 || earlier.indexOf('?') >= 0;
  }
}
