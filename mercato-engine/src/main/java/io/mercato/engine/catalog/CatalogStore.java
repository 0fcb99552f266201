package io.mercato.engine.catalog;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogView;
import io.mercato.core.catalog.ItemCatalog;
import io.mercato.core.io.CorruptDataException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable item catalog of one data directory ({@code <data-dir>/catalog/}): an {@link ItemCatalog}
 * in memory, a change log that makes each write durable before it is acknowledged, and a compacted
 * file that the log is folded into. Formats in {@link CatalogFiles}.
 *
 * <p>Writes ({@link #put}): one batch is one log record (length + CRC-32C framed), appended and
 * fsynced before {@code put} returns, then applied in memory; so a batch is durable and visible
 * whole or not at all, and a crash never keeps half of one. Writers are serialised (catalog writes
 * are rare next to events; there is no group commit). Reads ({@link #view}) never block.
 *
 * <p>Compaction ({@link #compact}) writes the whole catalog to {@code catalog.bin} (temp file, fsync,
 * atomic rename, directory fsync) with the next generation number, then replaces the log by an empty
 * one of that generation. A crash between the two leaves a log whose generation is older than the
 * file's: it is already folded in and is discarded on open. It runs when the log reaches
 * {@code compactBytes} after a write (inside that write, which then takes as long as writing the whole
 * catalog) and whenever the engine snapshots or closes.
 *
 * <p>Recovery ({@link #open}): load {@code catalog.bin}, replay the log records of the same
 * generation. An invalid record (incomplete, or failing its checksum) is a torn append from a crash:
 * the log is truncated there, with a WARN log; such a batch was never acknowledged. Anything else
 * that does not decode is acknowledged data and fails the open with {@link CatalogCorruptedException}.
 *
 * <p>After an I/O error the store refuses further writes ({@link CatalogFailedException}) and keeps
 * serving reads. Thread-safe.
 */
public final class CatalogStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);

  /** The log size at which a write compacts: 16 MiB, about 100,000 typical items. */
  public static final long DEFAULT_COMPACT_BYTES = 16L << 20;

  /**
   * What {@link #open} found.
   *
   * @param items            entries loaded
   * @param replayedChanges  log records replayed on top of {@code catalog.bin}
   * @param truncatedBytes   bytes of a torn log tail that were cut off (0 normally)
   * @param truncationReason why, or null when nothing was cut
   */
  public record Recovery(
      int items, long replayedChanges, long truncatedBytes, String truncationReason) {}

  private final Path dir;
  private final Path logFile;
  private final long compactBytes;
  private final ItemCatalog catalog;
  private final Recovery recovery;
  private final Counter writes;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private FileChannel log;
  private long generation;
  private long logBytes;
  private long logRecords;
  private RuntimeException failure;

  private CatalogStore(
      Path dir,
      long compactBytes,
      ItemCatalog catalog,
      long generation,
      FileChannel log,
      long logBytes,
      long logRecords,
      Recovery recovery,
      MeterRegistry meters) {
    this.dir = dir;
    this.logFile = dir.resolve(CatalogFiles.CHANGES);
    this.compactBytes = compactBytes;
    this.catalog = catalog;
    this.generation = generation;
    this.log = log;
    this.logBytes = logBytes;
    this.logRecords = logRecords;
    this.recovery = recovery;
    this.writes =
        Counter.builder("mercato.catalog.writes")
            .description(
                "Catalog items written (PUT /v1/items/{id} and POST /v1/items), counted per item")
            .register(meters);
    Gauge.builder("mercato.catalog.items", catalog, ItemCatalog::size)
        .description("Items in the catalog (items known only from events are not counted)")
        .register(meters);
  }

  /**
   * Opens (creating if needed) the catalog in {@code dir} and recovers it.
   *
   * @param compactBytes log size in bytes at which a write compacts (at least 4 KiB)
   * @throws CatalogCorruptedException when acknowledged data does not decode
   * @throws UncheckedIOException      when the files cannot be read or written
   */
  public static CatalogStore open(Path dir, long compactBytes, MeterRegistry meters) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(meters, "meters");
    if (compactBytes < 4096) {
      throw new IllegalArgumentException(
          "compactBytes must be at least 4096 but was " + compactBytes);
    }
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(CatalogFiles.SNAPSHOT + ".tmp")); // a compaction cut short
      Files.deleteIfExists(dir.resolve(CatalogFiles.CHANGES + ".tmp"));
      Path snapshotFile = dir.resolve(CatalogFiles.SNAPSHOT);
      CatalogFiles.Snapshot snapshot =
          Files.exists(snapshotFile)
              ? CatalogFiles.readSnapshot(snapshotFile)
              : new CatalogFiles.Snapshot(0, new ItemCatalog());
      Path logFile = dir.resolve(CatalogFiles.CHANGES);
      if (!Files.exists(logFile)) {
        CatalogFiles.createLog(dir, snapshot.generation());
      }
      Replay replay = replay(logFile, snapshot);
      FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE);
      ch.position(replay.validBytes);
      Recovery recovery =
          new Recovery(
              snapshot.catalog().size(), replay.records, replay.truncatedBytes, replay.problem);
      if (replay.records > 0 || replay.truncatedBytes > 0) {
        LOG.info(
            "catalog recovered: {} items, {} changes replayed, {} torn bytes truncated",
            recovery.items(),
            recovery.replayedChanges(),
            recovery.truncatedBytes());
      }
      return new CatalogStore(
          dir,
          compactBytes,
          snapshot.catalog(),
          snapshot.generation(),
          ch,
          replay.validBytes,
          replay.records,
          recovery,
          meters);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the catalog in " + dir, e);
    }
  }

  private static final class Replay {
    long validBytes = CatalogFiles.LOG_HEADER_BYTES;
    long records;
    long truncatedBytes;
    String problem;
  }

  /** Applies the log's records to the snapshot's catalog; truncates a torn tail. */
  private static Replay replay(Path logFile, CatalogFiles.Snapshot snapshot) throws IOException {
    Replay replay = new Replay();
    long size;
    try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
      size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(CatalogFiles.LOG_HEADER_BYTES);
      while (header.hasRemaining() && ch.read(header) >= 0) {
        // read the whole header, or what there is of it
      }
      long generation = CatalogFiles.logGeneration(logFile, header.flip());
      if (generation < snapshot.generation()) {
        LOG.info(
            "catalog change log generation {} is already folded into catalog.bin (generation {}); starting a new log",
            generation,
            snapshot.generation());
        CatalogFiles.createLog(logFile.getParent(), snapshot.generation());
        return replay;
      }
      if (generation > snapshot.generation()) {
        throw new CatalogCorruptedException(
            logFile,
            0,
            "the log has generation "
                + generation
                + " but catalog.bin has "
                + snapshot.generation()
                + ": the catalog.bin it continues is missing or was replaced by an older one");
      }
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
      while (replay.validBytes < size) {
        long offset = replay.validBytes;
        long remaining = size - offset;
        if (remaining < CatalogFiles.RECORD_HEADER_BYTES) {
          replay.problem =
              "incomplete record header ("
                  + remaining
                  + " of "
                  + CatalogFiles.RECORD_HEADER_BYTES
                  + " bytes)";
          break;
        }
        int length = in.readInt();
        int crc = in.readInt();
        if (length <= 0 || length > CatalogFiles.MAX_PAYLOAD_BYTES) {
          replay.problem = "invalid record length " + length;
          break;
        }
        if (length > remaining - CatalogFiles.RECORD_HEADER_BYTES) {
          replay.problem =
              "incomplete record payload ("
                  + (remaining - CatalogFiles.RECORD_HEADER_BYTES)
                  + " of "
                  + length
                  + " bytes)";
          break;
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (CatalogFiles.checksum(payload) != crc) {
          replay.problem = "checksum mismatch";
          break;
        }
        try {
          snapshot.catalog().putAll(CatalogFiles.decodePayload(payload));
        } catch (CorruptDataException e) {
          throw new CatalogCorruptedException(
              logFile, offset, "a record with a valid checksum does not decode: " + e.getMessage());
        }
        replay.validBytes = offset + CatalogFiles.RECORD_HEADER_BYTES + length;
        replay.records++;
      }
    } catch (EOFException e) {
      throw new IOException("catalog log " + logFile + " shrank while it was read", e);
    }
    if (replay.problem != null) {
      replay.truncatedBytes = size - replay.validBytes;
      LOG.warn(
          "catalog change log {} has a torn tail at byte offset {} ({}); truncating {} bytes",
          logFile,
          replay.validBytes,
          replay.problem,
          replay.truncatedBytes);
      try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
        ch.truncate(replay.validBytes);
        ch.force(true);
      }
    }
    return replay;
  }

  /** Read access to the catalog; sees every {@link #put} that returned. */
  public CatalogView view() {
    return catalog;
  }

  /** What {@link #open} found. */
  public Recovery recovery() {
    return recovery;
  }

  /**
   * Makes {@code items} durable (one fsynced log record), then applies them in order (a later item of
   * the same id wins). Compacts afterwards when the log reached the threshold. An empty list does nothing.
   *
   * @throws CatalogFailedException   when the write fails (nothing is acknowledged; the store then refuses
   *                                  writes until restart), or the store failed earlier or is closed
   * @throws IllegalArgumentException when the batch would encode to more than 1 GiB
   */
  public void put(List<CatalogItem> items) {
    if (items.isEmpty()) {
      return;
    }
    ByteBuffer record = CatalogFiles.putRecord(items);
    lock.lock();
    try {
      requireWritable();
      int length = record.remaining();
      try {
        while (record.hasRemaining()) {
          log.write(record);
        }
        log.force(false); // data and the size needed to read it back
      } catch (IOException e) {
        throw fail("cannot append to " + logFile, e);
      }
      logBytes += length;
      logRecords++;
      catalog.putAll(items);
      writes.increment(items.size());
      if (logBytes >= compactBytes) {
        try {
          compactLocked();
        } catch (CatalogFailedException e) {
          // The batch is durable and applied: acknowledge it. The failure is logged, and a failure
          // that
          // leaves the log unusable refuses the next write.
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Folds the log into {@code catalog.bin} if it holds any change; blocks writers meanwhile.
   *
   * @return true when it compacted
   * @throws CatalogFailedException when the store failed or is closed, or the compaction fails
   */
  public boolean compact() {
    lock.lock();
    try {
      requireWritable();
      return compactLocked();
    } finally {
      lock.unlock();
    }
  }

  private boolean compactLocked() {
    if (logRecords == 0) {
      return false;
    }
    long next = generation + 1;
    try {
      CatalogFiles.writeSnapshot(dir, next, catalog);
    } catch (IOException e) {
      // catalog.bin was not replaced: the log of the current generation still holds every change.
      LOG.error(
          "catalog compaction failed; the change log still holds every change and keeps growing",
          e);
      throw new CatalogFailedException(
          "cannot write " + dir.resolve(CatalogFiles.SNAPSHOT) + ": " + e.getMessage(), e);
    }
    // From here on the old log is stale: appending to it would lose writes on restart.
    try {
      log.close();
      CatalogFiles.createLog(dir, next);
      log = FileChannel.open(logFile, StandardOpenOption.WRITE);
      log.position(CatalogFiles.LOG_HEADER_BYTES);
    } catch (IOException e) {
      throw fail("cannot start a new change log after compacting into catalog.bin", e);
    }
    generation = next;
    logBytes = CatalogFiles.LOG_HEADER_BYTES;
    logRecords = 0;
    LOG.debug("catalog compacted into generation {} ({} items)", next, catalog.size());
    return true;
  }

  private void requireWritable() {
    if (failure != null) {
      throw new CatalogFailedException(
          "the catalog accepts no writes: " + failure.getMessage(), failure);
    }
  }

  private CatalogFailedException fail(String what, IOException cause) {
    CatalogFailedException e =
        new CatalogFailedException(
            what + " (" + cause.getMessage() + "); catalog writes are refused until restart",
            cause);
    failure = e;
    LOG.error("catalog store failed", e);
    return e;
  }

  /** Closes the log (no compaction: the caller decides). Idempotent; later writes fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (failure == null) {
        failure = new CatalogFailedException("the catalog store is closed", null);
      }
      log.close();
    } catch (IOException e) {
      LOG.warn("closing the catalog change log failed: {}", e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** Current log size in bytes, header included (for tests and diagnostics). */
  long logBytes() {
    lock.lock();
    try {
      return logBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Current generation: how many compactions this directory has seen. */
  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }
}
