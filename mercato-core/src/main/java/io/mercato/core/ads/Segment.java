package io.mercato.core.ads;

/**
 * A campaign's compiled targeting condition. Evaluated against a {@link SegmentInput} built from the
 * user's live profile; thread-safe.
 */
public interface Segment {
  /** The source expression, as saved. */
  String expression();

  /**
   * Whether the user described by {@code input} is in the segment now. An evaluation error (e.g. a
   * map key the user does not have) means "not in the segment", never an exception.
   */
  boolean matches(SegmentInput input);
}
