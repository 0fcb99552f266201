package io.mercato.engine.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** How the journal makes written data durable; tests substitute one that fails. */
@FunctionalInterface
interface Syncer {

  /** {@code FileChannel.force(false)}: file data plus the metadata needed to read it back (size). */
  Syncer FORCE_DATA = channel -> channel.force(false);

  void force(FileChannel channel) throws IOException;
}
