package io.mercato.app.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.quality.Accounting;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did with every record of its file: {@code read = accepted + duplicates + sampled +
 * rejected}, the rejected ones by reason and field, and the first few rejections; rendered as text or
 * one JSON object.
 */
public final class ReplaySummary {
  /** How many rejection reasons are kept for the summary. */
  public static final int MAX_REASONS = 5;

  private final String file;
  private final String format;
  private final String target;
  private long read;
  private long accepted;
  private long duplicates;
  private long sampled;
  private final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
  private final Map<RejectReason, Map<String, Long>> fields = new EnumMap<>(RejectReason.class);
  private double seconds;
  private String deadLetters;
  private final List<Reason> reasons = new ArrayList<>();

  /** One rejected record: where it was in the file, why, and the first rule it broke. */
  public record Reason(long record, long line, RejectReason reason, String field, String message) {}

  public ReplaySummary(String file, String format, String target) {
    this.file = file;
    this.format = format;
    this.target = target;
  }

  /** Counts a chunk of {@code readNow} records; its rejections are counted by {@link #reject}. */
  void add(int readNow, BatchOutcome outcome) {
    read += readNow;
    accepted += outcome.accepted();
    duplicates += outcome.duplicates();
    sampled += outcome.sampled();
  }

  void reject(long record, long line, Rejection r) {
    rejected.merge(r.reason(), 1L, Long::sum);
    Map<String, Long> byField = fields.computeIfAbsent(r.reason(), k -> new TreeMap<>());
    List<FieldError> errors = r.errors();
    if (errors.isEmpty()) {
      byField.merge("event", 1L, Long::sum);
    }
    errors.stream().map(FieldError::field).distinct().forEach(f -> byField.merge(f, 1L, Long::sum));
    if (reasons.size() < MAX_REASONS) {
      FieldError first = errors.isEmpty() ? new FieldError("event", "rejected") : errors.get(0);
      String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
      reasons.add(new Reason(record, line, r.reason(), first.field(), first.message() + more));
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

  public long sampled() {
    return sampled;
  }

  public long rejected() {
    return accounting().rejectedTotal();
  }

  /** Every record read, accounted for; {@link Accounting#balanced()} unless a sink miscounted. */
  public Accounting accounting() {
    return new Accounting(read, accepted, duplicates, sampled, rejected);
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
    Accounting a = accounting();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "replayed %s (%s) into %s in %.1f s (%,.0f events/s)%n",
            file,
            format,
            target,
            seconds,
            rate()));
    b.append(String.format(Locale.ROOT, "  read        %,12d%n", read));
    b.append(String.format(Locale.ROOT, "  accepted    %,12d%n", accepted));
    b.append(String.format(Locale.ROOT, "  duplicates  %,12d%n", duplicates));
    b.append(String.format(Locale.ROOT, "  sampled     %,12d%n", sampled));
    b.append(
        String.format(
            Locale.ROOT,
            "  rejected    %,12d%s%n",
            a.rejectedTotal(),
            a.rejectedTotal() > 0 && deadLetters != null
                ? "   (kept in " + deadLetters + ")"
                : ""));
    for (Map.Entry<RejectReason, Long> e : a.rejected().entrySet()) {
      StringBuilder f = new StringBuilder();
      fields.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
          .sorted(
              Map.Entry.<String, Long>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .limit(5)
          .forEach(
              x ->
                  f.append(f.length() == 0 ? "" : ", ")
                      .append(x.getKey())
                      .append(String.format(Locale.ROOT, " %,d", x.getValue())));
      b.append(
          String.format(
              Locale.ROOT, "    %-10s%,12d   by field: %s%n", e.getKey().code(), e.getValue(), f));
    }
    b.append("  ").append(a.equation()).append('\n');
    if (!reasons.isEmpty()) {
      b.append(a.rejectedTotal() > reasons.size() ? "  first rejections:\n" : "  rejections:\n");
      for (Reason r : reasons) {
        b.append("    line ")
            .append(r.line())
            .append(": ")
            .append(r.reason().code())
            .append(": ")
            .append(r.field())
            .append(": ")
            .append(r.message())
            .append('\n');
      }
    }
    return b.toString();
  }

  /** One JSON object (no line break). */
  public String toJson() {
    Accounting a = accounting();
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("file", file);
      g.writeStringField("format", format);
      g.writeStringField("target", target);
      g.writeNumberField("read", read);
      g.writeNumberField("accepted", accepted);
      g.writeNumberField("duplicates", duplicates);
      g.writeNumberField("sampled", sampled);
      g.writeNumberField("rejected", a.rejectedTotal());
      g.writeObjectFieldStart("rejected_by_reason");
      for (RejectReason reason : RejectReason.values()) {
        g.writeObjectFieldStart(reason.code());
        g.writeNumberField("total", a.rejected(reason));
        g.writeObjectFieldStart("by_field");
        for (Map.Entry<String, Long> e : fields.getOrDefault(reason, Map.of()).entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeBooleanField("balanced", a.balanced());
      g.writeStringField("equation", a.equation());
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
        g.writeStringField("reason", r.reason().code());
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
