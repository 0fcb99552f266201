package io.mercato.engine.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the segments of a journal directory on open. A torn tail of the last segment (the normal
 * result of a crash in the middle of a write) is truncated; anything invalid before it is acknowledged
 * data, so it fails with {@link JournalCorruptedException} instead of being dropped.
 */
final class JournalRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

  /**
   * @param segments     the segments kept, oldest first; the last one (if any) becomes current
   * @param lastSequence highest sequence on disk, the next append gets {@code lastSequence + 1}
   * @param currentSize  valid length in bytes of the last segment, 0 if there is none
   */
  record Result(
      List<Segment> segments, long lastSequence, long currentSize, RecoveryReport report) {}

  private final Path dir;
  private long truncatedBytes;
  private final List<String> reasons = new ArrayList<>();

  private JournalRecovery(Path dir) {
    this.dir = dir;
  }

  static Result recover(Path dir) throws IOException {
    return new JournalRecovery(dir).run();
  }

  private Result run() throws IOException {
    List<Path> files = listSegmentFiles();
    long floor = deleteHalfCreatedTail(files);
    List<Segment> segments = new ArrayList<>(files.size());
    long records = 0;
    long expectedNext = -1;
    long currentSize = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      boolean last = i == files.size() - 1;
      long first = RecordFormat.firstSequenceOf(file);
      if (expectedNext >= 0 && first != expectedNext) {
        throw new JournalCorruptedException(
            file,
            0,
            "segment name says its first sequence is "
                + first
                + " but the previous segment ends at sequence "
                + (expectedNext - 1));
      }
      Scan scan = scan(file, first, last);
      records += scan.records;
      expectedNext = first + scan.records;
      if (scan.validBytes < scan.fileBytes) {
        truncate(file, scan.validBytes, scan.fileBytes, scan.problem);
      }
      if (last) {
        currentSize = scan.validBytes;
      }
      segments.add(
          new Segment(file, first, last ? null : Files.getLastModifiedTime(file).toInstant()));
    }
    long lastSequence = segments.isEmpty() ? floor : expectedNext - 1;
    String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
    RecoveryReport report =
        new RecoveryReport(segments.size(), records, lastSequence, truncatedBytes, reason);
    return new Result(segments, lastSequence, currentSize, report);
  }

  private List<Path> listSegmentFiles() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing
          .filter(p -> RecordFormat.firstSequenceOf(p) >= 0 && Files.isRegularFile(p))
          .sorted(Comparator.comparingLong(RecordFormat::firstSequenceOf))
          .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }
  }

  /**
   * Deletes trailing segment files whose header is incomplete or garbage but that hold no data (a
   * crash right after the file was created). Returns the sequence such files imply was last appended,
   * so numbering continues even when they were the only files.
   */
  private long deleteHalfCreatedTail(List<Path> files) throws IOException {
    long floor = 0;
    while (!files.isEmpty()) {
      Path file = files.get(files.size() - 1);
      String problem;
      long size;
      try (SegmentReader reader = new SegmentReader(file)) {
        problem = reader.readHeader();
        size = reader.size();
      }
      if (problem == null) {
        break;
      }
      if (size > RecordFormat.SEGMENT_HEADER_BYTES && !allZero(file)) {
        throw new JournalCorruptedException(file, 0, problem);
      }
      LOG.warn(
          "Journal segment {} has no valid header ({}) and holds no records; deleting it",
          file,
          problem);
      Files.delete(file);
      DirectorySync.sync(dir);
      truncatedBytes += size;
      reasons.add("deleted half-created segment " + file.getFileName() + ": " + problem);
      floor = Math.max(floor, RecordFormat.firstSequenceOf(file) - 1);
      files.remove(files.size() - 1);
    }
    return floor;
  }

  private static boolean allZero(Path file) throws IOException {
    byte[] chunk = new byte[8192];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        for (int i = 0; i < n; i++) {
          if (chunk[i] != 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static final class Scan {
    long records;
    long validBytes;
    long fileBytes;
    String problem;
  }

  private static Scan scan(Path file, long first, boolean last) throws IOException {
    Scan scan = new Scan();
    try (SegmentReader reader = new SegmentReader(file)) {
      scan.fileBytes = reader.size();
      String headerProblem = reader.readHeader();
      if (headerProblem != null) {
        throw new JournalCorruptedException(file, 0, headerProblem);
      }
      while (true) {
        SegmentReader.Outcome outcome = reader.next();
        if (outcome == SegmentReader.Outcome.END) {
          scan.validBytes = scan.fileBytes;
          return scan;
        }
        if (outcome == SegmentReader.Outcome.INVALID) {
          if (!last) {
            throw new JournalCorruptedException(
                file,
                reader.recordOffset(),
                reader.problem() + " in a segment that is not the last one");
          }
          scan.validBytes = reader.recordOffset();
          scan.problem = reader.problem();
          return scan;
        }
        long expected = first + scan.records;
        if (reader.sequence() != expected) {
          throw new JournalCorruptedException(
              file,
              reader.recordOffset(),
              "expected sequence " + expected + " but found " + reader.sequence());
        }
        scan.records++;
      }
    }
  }

  private void truncate(Path file, long validBytes, long fileBytes, String problem)
      throws IOException {
    LOG.warn(
        "Journal segment {} has a torn tail at byte offset {} ({}); truncating {} bytes",
        file,
        validBytes,
        problem,
        fileBytes - validBytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(validBytes);
      channel.force(true);
    }
    truncatedBytes += fileBytes - validBytes;
    reasons.add(problem + " at byte offset " + validBytes + " of " + file.getFileName());
  }
}
