package io.mercato.bench;

import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import io.mercato.core.text.Utf8Faults;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per event of decoding and validating a request body: {@link EventJsonReader#read} with
 * {@link EventValidator#of}({@link EventLimits#defaults()}, clock), on one body of {@value #BATCH}
 * synthetic events (the batch size {@code POST /v1/events} is benchmarked with), as NDJSON and as one
 * JSON array. This is the whole ingest hot path before the journal: Jackson's streaming parser, the
 * draft, every rule of the event contract, and the {@code Event} records.
 *
 * <p>Setup: the body is written once by {@link EventJson} from {@link SyntheticTraffic} (seed
 * {@value Streams#SEED}: the first 500 events are 63% views, 26% ad impressions, 8% clicks and a
 * few carts, purchases and ad clicks; nearly all carry one or two attributes; about 184 bytes an
 * event). Every event has an {@code event_id} (no id generation) and is valid, which the setup
 * checks, so the rejection path is not what is measured. The validator's
 * clock is fixed just after the newest event. Score: time per event ({@code @OperationsPerInvocation}).
 *
 * <p>{@link #utf8Check} measures the strict UTF-8 pre-scan the reader runs first ({@link Utf8Faults}),
 * alone, on the same body; {@link #utf8CheckNonAscii} on a copy whose user and item ids start with
 * non-ASCII letters ({@code ü-}, {@code ṕ-}), so every event holds multi-byte sequences.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar EventParsingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventParsingBenchmark {
  static final int BATCH = 500;

  /** Body framing: {@code NDJSON} (one object per line) or {@code JSON} (one array). */
  @Param({"NDJSON", "JSON"})
  public EventJsonReader.Format format;

  private byte[] body;
  private byte[] nonAscii;
  private EventJsonReader reader;

  @Setup
  public void setUp() {
    Streams.Timeline t =
        Streams.timeline(
            SyntheticTraffic.builder().seed(Streams.SEED),
            BATCH,
            Duration.ofSeconds(BATCH),
            0,
            Duration.ZERO);
    body =
        format == EventJsonReader.Format.NDJSON
            ? EventJson.ndjson(t.history())
            : EventJson.array(t.history());
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(t.endMillis()).plusSeconds(1));
    reader = new EventJsonReader(EventValidator.of(EventLimits.defaults(), clock));
    nonAscii =
        new String(body, StandardCharsets.UTF_8)
            .replace("\"u-", "\"\u00fc-")
            .replace("\"p-", "\"\u1e55-")
            .getBytes(StandardCharsets.UTF_8);
    if (Utf8Faults.scan(nonAscii) != null || nonAscii.length == body.length) {
      throw new IllegalStateException(
          "the non-ASCII body must be well-formed and differ from the ASCII one");
    }
    ReadResult r = reader.read(body, format);
    if (r.events().size() != BATCH || !r.rejected().isEmpty()) {
      throw new IllegalStateException(
          "expected "
              + BATCH
              + " valid events but got "
              + r.events().size()
              + " and rejections "
              + r.rejected());
    }
  }

  /** Decodes and validates the whole body; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public ReadResult read() {
    return reader.read(body, format);
  }

  /** The strict UTF-8 pre-scan alone (ASCII body); the score is per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Utf8Faults utf8Check() {
    return Utf8Faults.scan(body);
  }

  /** The strict UTF-8 pre-scan alone on the body with non-ASCII ids; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Utf8Faults utf8CheckNonAscii() {
    return Utf8Faults.scan(nonAscii);
  }
}
