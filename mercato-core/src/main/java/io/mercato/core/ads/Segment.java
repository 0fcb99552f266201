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

  /**
   * {@link #matches(SegmentInput)} on {@code shared.input()}, reusing what other segments evaluated on
   * the same input already computed (the maps and lists a condition reads): one decision builds them
   * once, whatever the number of campaigns.
   */
  default boolean matches(SegmentVariables shared) {
    return matches(shared.input());
  }

  /**
   * The estimated worst-case cost of one evaluation, in steps (about one expression node each; see
   * {@code SegmentCompiler}); at least 1.
   */
  default long cost() {
    return 1;
  }
}
