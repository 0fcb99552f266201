package io.mercato.core.agg;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;

/**
 * A piece of state built from events (ARCHITECTURE.md §4.1). The embedded engine and the Flink job
 * hold the very same objects, so an aggregate is a plain, single-threaded Java object:
 * {@link #apply} folds one event in, {@link #merge} folds in another partial aggregate (result
 * independent of partitioning and order for commutative aggregates), and {@link #writeTo} produces a
 * versioned binary form that a static {@code read(BinaryReader)} on the class decodes.
 *
 * @param <A> the concrete aggregate type
 */
public interface Aggregate<A extends Aggregate<A>> {
  /** Folds one event into this aggregate. */
  void apply(Event event);

  /** Folds {@code other} into this aggregate; {@code other} is not modified. */
  void merge(A other);

  /** Appends the versioned binary form to {@code out}. */
  void writeTo(BinaryWriter out);
}
