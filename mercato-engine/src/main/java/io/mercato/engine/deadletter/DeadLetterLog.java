package io.mercato.engine.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.event.DeadLetterJson;
import io.mercato.core.event.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Keeps rejected events with their reasons, one JSON object per line, in
 * {@code <data-dir>/dead-letter/rejected-<yyyy-MM-dd>.jsonl} (UTC day of rejection):
 * {@code {"rejected_at": "...", "source": "http", "index": 3, "errors": [{"field": "...", "message": "..."}], "raw": "..."}}.
 * Operators read them with {@code jq}; nothing deletes them automatically. Lines are written
 * (not fsynced) before the request is answered: dead letters are diagnostics, not acknowledged data.
 * Thread-safe.
 */
public final class DeadLetterLog {
  private static final JsonFactory JSON = new JsonFactory();
  private final Path dir;
  private final InstantSource clock;
  private final Counter rejected;

  public DeadLetterLog(Path dir, InstantSource clock, MeterRegistry meters) {
    this.dir = dir;
    this.clock = clock;
    this.rejected = Counter.builder("mercato.events.rejected")
        .description("Events rejected by validation (kept in the dead-letter log)").register(meters);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dead-letter directory " + dir, e);
    }
  }

  public Path directory() {
    return dir;
  }

  /** The file rejections of {@code day} go to. */
  public Path fileFor(LocalDate day) {
    return dir.resolve("rejected-" + day + ".jsonl");
  }

  /**
   * Appends {@code rejections} from {@code source} (e.g. {@code http}, {@code replay:events.csv}).
   * An I/O failure is thrown: the caller decides whether to fail the request.
   */
  public synchronized void record(String source, List<Rejection> rejections) {
    if (rejections.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Path file = fileFor(LocalDate.ofInstant(now, ZoneOffset.UTC));
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
         JsonGenerator g = JSON.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (Rejection r : rejections) {
        DeadLetterJson.write(g, r, source, now);
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dead letters to " + file, e);
    }
    rejected.increment(rejections.size());
  }
}
