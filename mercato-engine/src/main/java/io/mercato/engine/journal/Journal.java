package io.mercato.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, segmented, checksummed write-ahead journal of opaque records, each identified by a
 * sequence number.
 *
 * <h2>On-disk format (version 1)</h2>
 * All integers are big-endian.
 * <ul>
 *   <li>A journal is a directory of segment files named {@code %020d.log} after the sequence of their
 *       first record, e.g. {@code 00000000000000000001.log}, plus a {@code journal.lock} file that keeps
 *       a second journal (in this or another process) out of the directory.</li>
 *   <li>A segment starts with an 8-byte header: the magic {@code MJNL} (4 ASCII bytes) and the format
 *       version ({@code int 1}).</li>
 *   <li>Records follow back to back: {@code int length} (payload bytes, 1 to 16 MiB) |
 *       {@code long sequence} | {@code int crc32c} (CRC-32C, {@link java.util.zip.CRC32C}, over the 8
 *       sequence bytes then the payload) | payload. A record therefore takes {@code 16 + length} bytes.</li>
 *   <li>Sequences start at 1 and are contiguous (+1 per record) within and across segments. A segment
 *       is rolled before a record would take it past {@link JournalConfig#segmentBytes()}; a record
 *       larger than that gets a segment of its own.</li>
 * </ul>
 *
 * <h2>Recovery</h2>
 * {@link #open} validates every segment (header, record lengths, checksums, sequence contiguity). An
 * invalid record in the last segment is a torn write from a crash: the file is truncated at the start of
 * that record, with a WARN log. A last segment with an incomplete or garbage header and no data is
 * deleted. Anything invalid elsewhere is acknowledged data, so {@link JournalCorruptedException} is
 * thrown rather than dropping it. {@link #recoveryReport()} says what happened.
 *
 * <h2>Durability and threading</h2>
 * {@link #append} copies the record into a 1 MiB in-memory buffer under the journal's monitor. A single
 * daemon thread, {@code mercato-journal-flusher}, wakes as soon as the buffer becomes non-empty, writes it
 * with one {@code FileChannel.write}, fsyncs per {@link FsyncPolicy} outside the monitor, then completes
 * the {@link #awaitDurable} futures that became durable. Under {@link FsyncPolicy#GROUP}, the records
 * appended while one fsync runs are written and fsynced together by the next (group commit). After any
 * write or fsync error the journal is failed for good ({@link JournalFailedException}): like PostgreSQL,
 * it never retries an fsync and pretends the data is safe.
 *
 * <p>All methods are thread-safe.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int BUFFER_BYTES = 1 << 20;
  private static final String LOCK_FILE = "journal.lock";

  private final Path dir;
  private final JournalConfig config;
  private final InstantSource clock;
  private final Syncer syncer;
  private final RecoveryReport report;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Waiters waiters = new Waiters();
  private final AtomicReference<JournalFailedException> failure = new AtomicReference<>();
  private final Thread flusher;

  // Guarded by this.
  private final List<Segment> segments;
  private final List<FileChannel> retired = new ArrayList<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  private FileChannel current;
  private long currentSize;
  private boolean closed;

  /** Written under this; read anywhere. Every record up to it is in the buffer or written. */
  private volatile long lastSequence;

  /** Every record up to it has been handed to the operating system. */
  private volatile long writtenSequence;

  /** Every record up to it has been fsynced. */
  private volatile long syncedSequence;

  private Journal(
      Path dir,
      JournalConfig config,
      InstantSource clock,
      Syncer syncer,
      FileChannel lockChannel,
      FileLock lock,
      JournalRecovery.Result recovered)
      throws IOException {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.syncer = syncer;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.report = recovered.report();
    this.segments = new ArrayList<>(recovered.segments());
    this.lastSequence = recovered.lastSequence();
    this.writtenSequence = recovered.lastSequence();
    this.syncedSequence = recovered.lastSequence();
    if (!segments.isEmpty()) {
      Segment last = segments.get(segments.size() - 1);
      current = FileChannel.open(last.path, StandardOpenOption.WRITE);
      current.position(recovered.currentSize());
      currentSize = recovered.currentSize();
    }
    this.flusher = new Thread(this::runFlusher, "mercato-journal-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  /**
   * Opens the journal in {@code dir}, creating the directory if needed, and recovers it as described
   * in the class documentation. The next append gets {@code recoveryReport().lastSequence() + 1}.
   *
   * @param clock supplies "now" for {@link #deleteSegmentsCoveredBy}
   * @throws JournalCorruptedException if acknowledged records are invalid
   * @throws IllegalStateException     if another journal holds the directory
   * @throws UncheckedIOException      if the directory cannot be created, read or locked
   */
  public static Journal open(Path dir, JournalConfig config, InstantSource clock) {
    return open(dir, config, clock, Syncer.FORCE_DATA);
  }

  /**
   * As {@link #open(Path, JournalConfig, InstantSource)}, reporting the duration of every fsync in
   * nanoseconds to {@code fsyncNanos} (called on the flusher thread; keep it cheap, e.g. a timer).
   */
  public static Journal openObserved(
      Path dir, JournalConfig config, InstantSource clock, LongConsumer fsyncNanos) {
    Objects.requireNonNull(fsyncNanos, "fsync listener must not be null");
    Syncer timed =
        channel -> {
          long t0 = System.nanoTime();
          Syncer.FORCE_DATA.force(channel);
          fsyncNanos.accept(System.nanoTime() - t0);
        };
    return open(dir, config, clock, timed);
  }

  static Journal open(Path dir, JournalConfig config, InstantSource clock, Syncer syncer) {
    Objects.requireNonNull(dir, "journal directory must not be null");
    Objects.requireNonNull(config, "journal config must not be null");
    Objects.requireNonNull(clock, "journal clock must not be null");
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = lockDirectory(dir, lockChannel);
      JournalRecovery.Result recovered = JournalRecovery.recover(dir);
      Journal journal = new Journal(dir, config, clock, syncer, lockChannel, lock, recovered);
      LOG.info(
          "Opened journal {}: {} segments, {} records, last sequence {}, fsync {}",
          dir,
          journal.report.segments(),
          journal.report.records(),
          journal.report.lastSequence(),
          config.fsync());
      return journal;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new UncheckedIOException("cannot open journal " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  private static FileLock lockDirectory(Path dir, FileChannel lockChannel) throws IOException {
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new IllegalStateException(
          "journal directory " + dir + " is already open in another Journal");
    }
    return lock;
  }

  /**
   * Appends one record and returns its sequence: {@code lastSequence() + 1}, the first record ever
   * being 1. The record is buffered; use {@link #awaitDurable} to learn when it is durable. Amortised
   * O(payload length), no system call unless a segment rolls or the 1 MiB buffer fills.
   *
   * @param payload 1 byte to 16 MiB; copied, so the caller may reuse the array
   * @throws IllegalArgumentException if the payload is empty or larger than 16 MiB
   * @throws IllegalStateException    if the journal is closed
   * @throws JournalFailedException   if the journal has failed (now or earlier)
   */
  public synchronized long append(byte[] payload) {
    Objects.requireNonNull(payload, "journal payload must not be null");
    if (payload.length == 0 || payload.length > RecordFormat.MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "journal payload must be 1 to "
              + RecordFormat.MAX_PAYLOAD_BYTES
              + " bytes but was "
              + payload.length);
    }
    ensureOpen();
    ensureNotFailed();
    long sequence = lastSequence + 1;
    long recordBytes = RecordFormat.RECORD_HEADER_BYTES + (long) payload.length;
    try {
      if (current == null) {
        startSegment(sequence);
      } else if (currentSize + recordBytes > config.segmentBytes()
          && currentSize > RecordFormat.SEGMENT_HEADER_BYTES) {
        roll(sequence);
      }
      boolean wakeFlusher = buffer.position() == 0 || recordBytes > buffer.remaining();
      if (buffer.remaining() < RecordFormat.RECORD_HEADER_BYTES) {
        writeBuffer();
      }
      RecordFormat.putRecordHeader(
          buffer, payload.length, sequence, RecordFormat.checksum(crc, sequence, payload));
      for (int offset = 0; offset < payload.length; ) {
        if (!buffer.hasRemaining()) {
          writeBuffer();
        }
        int n = Math.min(buffer.remaining(), payload.length - offset);
        buffer.put(payload, offset, n);
        offset += n;
      }
      currentSize += recordBytes;
      lastSequence = sequence;
      if (wakeFlusher) {
        LockSupport.unpark(flusher);
      }
      return sequence;
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Highest sequence appended so far, 0 if none. */
  public long lastSequence() {
    return lastSequence;
  }

  /**
   * Highest sequence that is durable under the configured policy: fsynced for {@link FsyncPolicy#GROUP},
   * written to the operating system for {@link FsyncPolicy#INTERVAL} and {@link FsyncPolicy#NEVER}.
   * Never greater than {@link #lastSequence()}.
   */
  public long durableSequence() {
    return config.fsync() == FsyncPolicy.GROUP ? syncedSequence : writtenSequence;
  }

  /**
   * A future that completes once {@code sequence} (and so every earlier record) is durable under the
   * configured policy (see {@link FsyncPolicy}); at once if it already is. Under GROUP an idle
   * journal starts the fsync immediately, without waiting for a timer. The future completes
   * exceptionally with {@link JournalFailedException} if the journal fails before the record is
   * durable; it is never completed while the journal's locks are held.
   *
   * @param sequence 0 to {@link #lastSequence()}
   * @throws IllegalArgumentException if {@code sequence} is negative or was never appended
   */
  public CompletableFuture<Void> awaitDurable(long sequence) {
    long last = lastSequence;
    if (sequence < 0 || sequence > last) {
      throw new IllegalArgumentException(
          "cannot await journal sequence "
              + sequence
              + ": it must be between 0 and the last appended sequence "
              + last);
    }
    CompletableFuture<Void> future = waiters.await(sequence, this::durableSequence, failure::get);
    if (!future.isDone()) {
      LockSupport.unpark(flusher);
    }
    return future;
  }

  /**
   * Calls {@code consumer} for every record with a sequence greater than {@code afterSequence}, in
   * order, reading the segment files. Only records appended before this call are replayed; appends
   * may continue meanwhile (this call first hands buffered records to the operating system, then
   * reads without holding the journal's monitor). Do not delete the segments being replayed
   * concurrently.
   *
   * @param afterSequence 0 replays everything; must not be below the first retained record minus one
   * @throws IllegalArgumentException  if records after {@code afterSequence} were already deleted
   * @throws IllegalStateException     if the journal is closed
   * @throws JournalCorruptedException if a record read back is invalid
   * @throws JournalFailedException    if the journal has failed
   * @throws UncheckedIOException      if a segment cannot be read
   */
  public void replay(long afterSequence, RecordConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer must not be null");
    if (afterSequence < 0) {
      throw new IllegalArgumentException(
          "journal replay must start after a sequence >= 0 but was " + afterSequence);
    }
    long upTo;
    List<Segment> snapshot;
    synchronized (this) {
      ensureOpen();
      ensureNotFailed();
      try {
        writeBuffer();
      } catch (IOException e) {
        throw fail(e);
      }
      upTo = lastSequence;
      snapshot = List.copyOf(segments);
    }
    if (upTo <= afterSequence) {
      return;
    }
    long oldest = snapshot.isEmpty() ? upTo + 1 : snapshot.get(0).firstSequence;
    if (afterSequence + 1 < oldest) {
      throw new IllegalArgumentException(
          "cannot replay the journal after sequence "
              + afterSequence
              + ": records before "
              + oldest
              + " were deleted");
    }
    try {
      for (int i = 0; i < snapshot.size(); i++) {
        Segment segment = snapshot.get(i);
        long segmentLast = i + 1 < snapshot.size() ? snapshot.get(i + 1).firstSequence - 1 : upTo;
        if (segmentLast > afterSequence && segment.firstSequence <= segmentLast) {
          replaySegment(segment, segmentLast, afterSequence, consumer);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replay journal " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void replaySegment(
      Segment segment, long segmentLast, long afterSequence, RecordConsumer consumer)
      throws IOException {
    try (SegmentReader reader = new SegmentReader(segment.path)) {
      String headerProblem = reader.readHeader();
      if (headerProblem != null) {
        throw new JournalCorruptedException(segment.path, 0, headerProblem);
      }
      for (long expected = segment.firstSequence; expected <= segmentLast; expected++) {
        SegmentReader.Outcome outcome = reader.next();
        if (outcome != SegmentReader.Outcome.RECORD) {
          String why = outcome == SegmentReader.Outcome.END ? "segment ends" : reader.problem();
          throw new JournalCorruptedException(
              segment.path,
              reader.recordOffset(),
              why + " where record " + expected + " should be");
        }
        if (reader.sequence() != expected) {
          throw new JournalCorruptedException(
              segment.path,
              reader.recordOffset(),
              "expected sequence " + expected + " but found " + reader.sequence());
        }
        if (expected > afterSequence) {
          consumer.accept(expected, reader.payload());
        }
      }
    }
  }

  /**
   * Deletes segments that a snapshot at {@code snapshotSequence} makes unnecessary: oldest first, each
   * whose last record is at most {@code snapshotSequence} and that was closed at least
   * {@link JournalConfig#retention()} ago per the injected clock (segments found on open count as closed
   * at their file's last-modified time). Stops at the first segment that does not qualify, so the
   * retained records stay contiguous, and never deletes the current segment.
   *
   * @return how many segment files were deleted
   * @throws IllegalStateException if the journal is closed
   * @throws UncheckedIOException  if a file cannot be deleted (the ones before it are gone)
   */
  public synchronized int deleteSegmentsCoveredBy(long snapshotSequence) {
    ensureOpen();
    Instant cutoff = clock.instant().minus(config.retention());
    int deleted = 0;
    while (segments.size() > 1) {
      Segment oldest = segments.get(0);
      long oldestLast = segments.get(1).firstSequence - 1;
      if (oldestLast > snapshotSequence || oldest.closedAt.isAfter(cutoff)) {
        break;
      }
      try {
        Files.deleteIfExists(oldest.path);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete journal segment " + oldest.path + ": " + e.getMessage(), e);
      }
      segments.remove(0);
      deleted++;
    }
    if (deleted > 0) {
      LOG.info(
          "Deleted {} journal segments covered by snapshot sequence {}", deleted, snapshotSequence);
    }
    return deleted;
  }

  /** What {@link #open} found and repaired. */
  public RecoveryReport recoveryReport() {
    return report;
  }

  /** The sequence of the oldest retained record, or {@code lastSequence() + 1} when none is retained. */
  public synchronized long firstRetainedSequence() {
    return segments.isEmpty() ? lastSequence + 1 : segments.get(0).firstSequence;
  }

  /** The segment files, oldest first; the last one is the current segment. Empty before the first append. */
  public synchronized List<Path> segments() {
    List<Path> paths = new ArrayList<>(segments.size());
    for (Segment segment : segments) {
      paths.add(segment.path);
    }
    return List.copyOf(paths);
  }

  /**
   * Stops the flusher, writes and fsyncs every buffered record (whatever the policy), completes the
   * pending {@link #awaitDurable} futures and releases the files. Idempotent.
   *
   * @throws JournalFailedException if the final write or fsync fails (the files are still released)
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LockSupport.unpark(flusher);
    joinUninterruptibly(flusher);
    IOException error = null;
    synchronized (this) {
      if (failure.get() == null) {
        try {
          writeBuffer();
          for (FileChannel channel : retired) {
            syncer.force(channel);
          }
          if (current != null) {
            syncer.force(current);
          }
          syncedSequence = lastSequence;
        } catch (IOException e) {
          error = e;
          fail(e);
        }
      }
      for (FileChannel channel : retired) {
        closeQuietly(channel);
      }
      retired.clear();
      closeQuietly(current);
      current = null;
      try {
        lock.release();
      } catch (IOException e) {
        LOG.debug("Could not release the lock of journal {}: {}", dir, e.toString());
      }
      closeQuietly(lockChannel);
    }
    JournalFailedException failed = failure.get();
    if (failed != null) {
      waiters.failAll(failed);
    } else {
      waiters.completeUpTo(lastSequence);
    }
    if (error != null) {
      throw new JournalFailedException(
          "closing journal " + dir + " failed to write or fsync", error);
    }
    LOG.info("Closed journal {} at sequence {}", dir, lastSequence);
  }

  // ---- flusher ----

  private void runFlusher() {
    long lastSyncNanos = System.nanoTime();
    long intervalNanos = config.fsyncInterval().toNanos();
    FsyncPolicy policy = config.fsync();
    while (true) {
      long target;
      FileChannel channel;
      List<FileChannel> toClose;
      synchronized (this) {
        if (closed || failure.get() != null) {
          break;
        }
        try {
          writeBuffer();
        } catch (IOException e) {
          fail(e);
          break;
        }
        target = lastSequence;
        channel = current;
        toClose = retired.isEmpty() ? List.of() : new ArrayList<>(retired);
        retired.clear();
      }
      try {
        // A rolled segment is fsynced before it is closed, so its records never depend on a later
        // fsync.
        for (FileChannel old : toClose) {
          if (policy != FsyncPolicy.NEVER) {
            syncer.force(old);
          }
          old.close();
        }
        boolean due =
            switch (policy) {
              case GROUP -> true;
              case INTERVAL -> System.nanoTime() - lastSyncNanos >= intervalNanos;
              case NEVER -> false;
            };
        if (due && target > syncedSequence && channel != null) {
          syncer.force(channel);
          syncedSequence = target;
          lastSyncNanos = System.nanoTime();
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        break;
      }
      waiters.completeUpTo(durableSequence());
      if (lastSequence > target) {
        continue; // appended while we were fsyncing: the next group is ready
      }
      if (policy == FsyncPolicy.INTERVAL && writtenSequence > syncedSequence) {
        LockSupport.parkNanos(
            this, Math.max(1, intervalNanos - (System.nanoTime() - lastSyncNanos)));
      } else {
        LockSupport.park(this); // append and awaitDurable unpark us when there is work
      }
    }
    JournalFailedException failed = failure.get();
    if (failed != null) {
      waiters.failAll(failed);
    }
  }

  // ---- helpers, called while holding this ----

  /** Hands the buffered records to the operating system. */
  private void writeBuffer() throws IOException {
    if (buffer.position() == 0) {
      return;
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      current.write(buffer);
    }
    buffer.clear();
    writtenSequence = lastSequence;
  }

  private void startSegment(long firstSequence) throws IOException {
    Path path = dir.resolve(RecordFormat.segmentName(firstSequence));
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      ByteBuffer header = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES);
      RecordFormat.putSegmentHeader(header);
      header.flip();
      while (header.hasRemaining()) {
        channel.write(header);
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw e;
    }
    if (config.fsync() != FsyncPolicy.NEVER) {
      DirectorySync.sync(dir); // the file's name must survive a power loss along with its records
    }
    current = channel;
    currentSize = RecordFormat.SEGMENT_HEADER_BYTES;
    segments.add(new Segment(path, firstSequence, null));
  }

  private void roll(long nextSequence) throws IOException {
    writeBuffer();
    segments.get(segments.size() - 1).closedAt = clock.instant();
    retired.add(current);
    current = null;
    startSegment(nextSequence);
    LockSupport.unpark(flusher); // fsync and close the retired segment
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("journal is closed");
    }
  }

  private void ensureNotFailed() {
    JournalFailedException failed = failure.get();
    if (failed != null) {
      throw new JournalFailedException(
          "journal " + dir + " has failed and accepts no more appends", failed);
    }
  }

  /** Marks the journal failed (the first cause wins) and wakes the flusher to fail the waiters. */
  private JournalFailedException fail(Throwable cause) {
    JournalFailedException failed =
        new JournalFailedException(
            "journal " + dir + " failed to write or fsync: " + cause.getMessage(), cause);
    if (failure.compareAndSet(null, failed)) {
      LOG.error(
          "Journal {} failed; it accepts no more appends and unsynced records are not acknowledged",
          dir,
          cause);
    }
    LockSupport.unpark(flusher);
    return failed;
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("Ignoring error while closing {}: {}", closeable, e.toString());
    }
  }
}
