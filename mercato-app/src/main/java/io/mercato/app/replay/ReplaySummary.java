package io.mercato.app.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.error.FieldError;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Counts of a replay and the first few rejection reasons; rendered as text or one JSON object. */
public final class ReplaySummary {
  /** How many rejection reasons are kept for the summary. */
  public static final int MAX_REASONS = 5;
  private final String file;
  private final String format;
  private final String target;
  private long read;
  private long accepted;
  private long duplicates;
  private long rejected;
  private double seconds;
  private String deadLetters;
  private final List<Reason> reasons = new ArrayList<>();

  /** One rejected record: where it was in the file and the first rule it broke. */
  public record Reason(long record, long line, String field, String message) {}

  public ReplaySummary(String file, String format, String target) {
    this.file = file;
    this.format = format;
    this.target = target;
  }

  void add(int readNow, BatchOutcome outcome) {
    read += readNow;
    accepted += outcome.accepted();
    duplicates += outcome.duplicates();
  }

  void reject(long record, long line, List<FieldError> errors) {
    rejected++;
    if (reasons.size() < MAX_REASONS) {
      FieldError first = errors.isEmpty() ? new FieldError("event", "rejected") : errors.get(0);
      String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
      reasons.add(new Reason(record, line, first.field(), first.message() + more));
    }
  }

  void finish(double elapsedSeconds, String deadLetterLocation) {
    this.seconds = elapsedSeconds;
    this.deadLetters = deadLetterLocation;
  }

  public long read() {
    return read;
  }

  public long accepted() {
    return accepted;
  }

  public long duplicates() {
    return duplicates;
  }

  public long rejected() {
    return rejected;
  }

  public List<Reason> reasons() {
    return List.copyOf(reasons);
  }

  /** Events read per second of wall time. */
  public double rate() {
    return seconds > 0 ? read / seconds : 0;
  }

  /** A few aligned lines for people. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "replayed %s (%s) into %s in %.1f s (%,.0f events/s)%n",
        file, format, target, seconds, rate()));
    b.append(String.format(Locale.ROOT, "  read        %,12d%n", read));
    b.append(String.format(Locale.ROOT, "  accepted    %,12d%n", accepted));
    b.append(String.format(Locale.ROOT, "  duplicates  %,12d%n", duplicates));
    b.append(String.format(Locale.ROOT, "  rejected    %,12d%s%n", rejected,
        rejected > 0 && deadLetters != null ? "   (kept in " + deadLetters + ")" : ""));
    if (!reasons.isEmpty()) {
      b.append(rejected > reasons.size() ? "  first rejections:\n" : "  rejections:\n");
      for (Reason r : reasons) {
        b.append("    line ").append(r.line()).append(": ").append(r.field()).append(": ").append(r.message()).append('\n');
      }
    }
    return b.toString();
  }

  /** One JSON object (no line break). */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("file", file);
      g.writeStringField("format", format);
      g.writeStringField("target", target);
      g.writeNumberField("read", read);
      g.writeNumberField("accepted", accepted);
      g.writeNumberField("duplicates", duplicates);
      g.writeNumberField("rejected", rejected);
      g.writeNumberField("seconds", Math.round(seconds * 1000) / 1000.0);
      g.writeNumberField("events_per_second", Math.round(rate()));
      if (deadLetters != null) {
        g.writeStringField("dead_letters", deadLetters);
      }
      g.writeArrayFieldStart("first_rejections");
      for (Reason r : reasons) {
        g.writeStartObject();
        g.writeNumberField("record", r.record());
        g.writeNumberField("line", r.line());
        g.writeStringField("field", r.field());
        g.writeStringField("message", r.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
