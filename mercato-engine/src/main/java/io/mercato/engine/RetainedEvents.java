package io.mercato.engine;

import io.mercato.core.event.Event;
import java.util.function.Consumer;

/** Every event still in the journal, for ALS training (which trains on history, not on the live state). */
@FunctionalInterface
interface RetainedEvents {
  /**
   * Replays every retained event (oldest first), at its effective time, into {@code consumer}; journal
   * segments are not deleted meanwhile.
   */
  void replay(Consumer<Event> consumer);
}
