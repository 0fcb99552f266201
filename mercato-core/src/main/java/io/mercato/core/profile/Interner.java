package io.mercato.core.profile;

/**
 * Canonicalises id strings so that millions of profiles holding the same item or category id share
 * one {@link String} instance (ARCHITECTURE.md §4.5). An engine typically keeps one pool per shard;
 * its memory is counted once for the shard, not per profile, and is not part of
 * {@link UserProfile#estimatedBytes()}.
 *
 * <p>Contract: {@code intern(s)} returns a string {@linkplain String#equals equal} to {@code s}
 * (ideally the same instance for equal inputs) and never null. An implementation shared by several
 * threads must be thread-safe; {@link UserProfile} calls it only from the thread applying events:
 * {@code intern} when it stores an id it does not hold yet, {@link #canonicalOrNull} for the item
 * of every event. {@link String#intern()} works too, at the cost of
 * the JVM-wide string table.
 */
@FunctionalInterface
public interface Interner {
  /** Returns the canonical instance of {@code s}. */
  String intern(String s);

  /**
   * The canonical instance of {@code s} when this interner can promise that every string equal to
   * {@code s} it has returned or will return is that very instance; otherwise null. A profile holding
   * only ids from this interner can then find an id by identity ({@code ==}), without reading the
   * strings it holds (each a likely cache miss). The default promises nothing.
   */
  default String canonicalOrNull(String s) {
    return null;
  }

  /** Keeps every string as given: no sharing, no pool. */
  static Interner identity() {
    return s -> s;
  }
}
