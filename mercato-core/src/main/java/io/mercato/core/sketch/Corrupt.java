package io.mercato.core.sketch;

import io.mercato.core.io.CorruptDataException;

/** Turns a library's failure to decode into Mercato's one exception for undecodable data. */
final class Corrupt {
  private Corrupt() {}

  /**
   * Wraps {@code cause} (DataSketches throws {@code SketchesArgumentException}, but also index and
   * memory-bounds exceptions on truncated images, and {@code AssertionError} from its internal checks
   * when assertions are enabled) so callers see only {@link CorruptDataException}.
   */
  static CorruptDataException wrap(String what, Throwable cause) {
    if (cause instanceof CorruptDataException c) {
      return c;
    }
    CorruptDataException e = new CorruptDataException("cannot decode " + what + ": " + cause);
    e.initCause(cause);
    return e;
  }
}
