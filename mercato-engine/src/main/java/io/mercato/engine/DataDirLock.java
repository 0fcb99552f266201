package io.mercato.engine;

import io.mercato.core.runtime.EngineUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <data-dir>/.lock}, so two engines never append to one journal. The
 * OS releases it when the process dies, so a crash never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws EngineUnavailableException when another engine holds the directory */
  static DataDirLock acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      FileChannel ch =
          FileChannel.open(
              dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        throw new EngineUnavailableException(
            "data directory "
                + dataDir
                + " is in use by another Mercato engine (it holds "
                + dataDir.resolve(".lock")
                + ")");
      }
      return new DataDirLock(ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock data directory " + dataDir, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock dies with the channel or the process anyway.
    }
  }
}
