package io.mercato.engine.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.event.DeadLetterBudget;
import io.mercato.core.event.DeadLetterJson;
import io.mercato.core.event.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps rejected events with their reasons, one JSON object per line, in
 * {@code <data-dir>/dead-letter/rejected-<yyyy-MM-dd>.jsonl} (UTC day of rejection):
 * {@code {"rejected_at": "...", "source": "http", "index": 3, "errors": [{"field": "...", "message": "..."}], "raw": "..."}}.
 * Operators read them with {@code jq}. Lines are written (not fsynced) before the request is
 * answered: dead letters are diagnostics, not acknowledged data. Thread-safe.
 *
 * <p>Bounded three ways ({@link DeadLetterConfig}): a batch writes at most twice its rejected text
 * plus 256 bytes for each of its first 10,000 rejections and 64 KiB ({@link DeadLetterBudget}: what
 * does not fit is one summary line counting it); a
 * day's file is deleted once that day ended more than {@code retention} ago (checked at start and at
 * each new day); and the files together hold at most {@code maxBytes}: a line that would pass it is
 * dropped, not an older one deleted, so a flood keeps the first evidence of what went wrong. Metrics:
 * {@code mercato_dead_letters_bytes} and {@code mercato_dead_letters_records} (what the files hold),
 * {@code mercato_dead_letters_dropped_total} (lines refused by the quota),
 * {@code mercato_dead_letters_summarised_total} (rejected records counted in summary lines instead of
 * kept one by one), and {@code mercato_events_rejected_total} (every rejected record).
 */
public final class DeadLetterLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String PREFIX = "rejected-";
  private static final String SUFFIX = ".jsonl";

  private final Path dir;
  private final InstantSource clock;
  private final DeadLetterConfig config;
  private final Counter rejected;
  private final Counter dropped;
  private final Counter summarised;

  /** Bytes and lines of each day's file, by day. Guarded by this. */
  private final TreeMap<LocalDate, long[]> files = new TreeMap<>();

  private long bytes;
  private long records;
  private LocalDate sweptOn;
  private boolean warnedFull;

  /** A log with the default quota and retention. */
  public DeadLetterLog(Path dir, InstantSource clock, MeterRegistry meters) {
    this(dir, clock, meters, DeadLetterConfig.defaults());
  }

  /**
   * Opens the log in {@code dir}, creating it if needed, and counts what its files hold (reading
   * them once, at most {@code maxBytes}), deleting the files past retention.
   */
  public DeadLetterLog(
      Path dir, InstantSource clock, MeterRegistry meters, DeadLetterConfig config) {
    this.dir = dir;
    this.clock = clock;
    this.config = config;
    this.rejected =
        Counter.builder("mercato.events.rejected")
            .description("Events rejected by validation (kept in the dead-letter log)")
            .register(meters);
    this.dropped =
        Counter.builder("mercato.dead.letters.dropped")
            .description("Dead letters not written because the store held dead-letter.max-bytes")
            .register(meters);
    this.summarised =
        Counter.builder("mercato.dead.letters.summarised")
            .description(
                "Rejected records counted in a summary line instead of kept one by one (per-batch budget)")
            .register(meters);
    Gauge.builder("mercato.dead.letters.bytes", this, DeadLetterLog::bytes)
        .description("Bytes the dead-letter files hold")
        .baseUnit("bytes")
        .register(meters);
    Gauge.builder("mercato.dead.letters.records", this, DeadLetterLog::records)
        .description("Dead letters (lines) the dead-letter files hold")
        .register(meters);
    try {
      Files.createDirectories(dir);
      load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open dead-letter directory " + dir, e);
    }
    synchronized (this) {
      sweep(today());
    }
  }

  public Path directory() {
    return dir;
  }

  /** The file rejections of {@code day} go to. */
  public Path fileFor(LocalDate day) {
    return dir.resolve(PREFIX + day + SUFFIX);
  }

  /** Bytes the files hold now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Dead letters (lines) the files hold now. */
  public synchronized long records() {
    return records;
  }

  /**
   * Appends {@code rejections} from {@code source} (e.g. {@code http}, {@code replay:events.csv}),
   * within the batch budget and the store's quota. An I/O failure is thrown: the caller decides
   * whether to fail the request.
   */
  public synchronized void record(String source, List<Rejection> rejections) {
    if (rejections.isEmpty()) {
      return;
    }
    rejected.increment(rejections.size());
    List<Rejection> fitted = DeadLetterBudget.fit(rejections);
    if (fitted != rejections) { // a prefix plus one summary line
      summarised.increment(rejections.size() - (fitted.size() - 1));
    }
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    sweep(day);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int lines = 0;
    int refused = 0;
    for (Rejection r : fitted) {
      byte[] line = line(r, source, now);
      if (bytes + out.size() + line.length > config.maxBytes()) {
        refused++;
        continue;
      }
      out.writeBytes(line);
      lines++;
    }
    if (refused > 0) {
      dropped.increment(refused);
      if (!warnedFull) {
        warnedFull = true;
        LOG.warn(
            "dead-letter store is full ({} of {} bytes, dead-letter.max-bytes): new dead letters are dropped "
                + "and counted in mercato_dead_letters_dropped_total until files age out after {}",
            bytes,
            config.maxBytes(),
            config.retention());
      }
    }
    if (lines == 0) {
      return;
    }
    Path file = fileFor(day);
    try (OutputStream o =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.writeTo(o);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dead letters to " + file, e);
    }
    long[] f = files.computeIfAbsent(day, d -> new long[2]);
    f[0] += out.size();
    f[1] += lines;
    bytes += out.size();
    records += lines;
  }

  /** Most bytes {@link #recent} reads from the end of each day's file. */
  static final int RECENT_READ_BYTES = 2 * 1024 * 1024;

  /**
   * The newest dead letters, newest first: at most {@code limit} whole lines (each one JSON object as
   * written), read from the end of the newest days' files. Reads at most {@value #RECENT_READ_BYTES}
   * bytes per file, so a line longer than that (none within the contract's limits) is skipped. For
   * the console's health page; operators with more questions read the files with {@code jq}.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   */
  public synchronized List<String> recent(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive but was " + limit);
    }
    List<String> out = new ArrayList<>();
    for (LocalDate day : files.descendingKeySet()) {
      Path file = fileFor(day);
      try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = ch.size();
        int n = (int) Math.min(size, RECENT_READ_BYTES);
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) {
          // read the tail fully
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        int first = n < size ? 1 : 0; // the first line of a partial read may be cut
        for (int i = lines.length - 1; i >= first && out.size() < limit; i--) {
          if (!lines[i].isEmpty()) {
            out.add(lines[i]);
          }
        }
      } catch (NoSuchFileException e) {
        continue; // deleted by hand; the counts catch up at the next start
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read dead letters from " + file, e);
      }
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  private static byte[] line(Rejection r, String source, Instant now) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      DeadLetterJson.write(g, r, source, now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a dead letter", e); // in memory: cannot happen
    }
    out.write('\n');
    return out.toByteArray();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Deletes the files of days that ended more than the retention ago; at most once a day. */
  private void sweep(LocalDate today) {
    if (today.equals(sweptOn)) {
      return;
    }
    sweptOn = today;
    Instant now = clock.instant();
    for (var it = files.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Instant dayEnd = e.getKey().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (!dayEnd.plus(config.retention()).isBefore(now)) {
        continue;
      }
      Path file = fileFor(e.getKey());
      try {
        Files.deleteIfExists(file);
      } catch (IOException ex) {
        LOG.warn("cannot delete expired dead-letter file {}: {}", file, ex.toString());
        continue;
      }
      bytes -= e.getValue()[0];
      records -= e.getValue()[1];
      it.remove();
      LOG.info(
          "deleted dead-letter file {} ({} lines): older than dead-letter.retention {}",
          file,
          e.getValue()[1],
          config.retention());
    }
    if (bytes < config.maxBytes()) {
      warnedFull = false;
    }
  }

  /** Counts the bytes and lines of the day files already in the directory. */
  private void load() throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        LocalDate day;
        try {
          day = LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
          continue; // not one of ours
        }
        long size = Files.size(p);
        long lines = countLines(p);
        files.put(day, new long[] {size, lines});
        bytes += size;
        records += lines;
      }
    }
  }

  private static long countLines(Path p) throws IOException {
    long n = 0;
    byte[] buf = new byte[64 * 1024];
    try (var in = Files.newInputStream(p)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        for (int i = 0; i < r; i++) {
          if (buf[i] == '\n') {
            n++;
          }
        }
      }
    }
    return n;
  }
}
