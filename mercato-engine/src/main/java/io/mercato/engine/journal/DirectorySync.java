package io.mercato.engine.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fsync of a directory, so that a created or deleted segment file survives power loss. */
public final class DirectorySync {

  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  private DirectorySync() {}

  /**
   * Best effort: some platforms (Windows) cannot open a directory as a channel, and there is nothing
   * better to do there.
   */
  public static void sync(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not fsync directory {}: {}", dir, e.toString());
    }
  }
}
