package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.event.ErrorCount;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.Rejection;
import io.mercato.core.event.RejectionSummary;
import io.mercato.core.time.Windows;
import io.mercato.engine.EngineUnavailableException;
import io.mercato.engine.IngestResult;
import io.mercato.server.backend.Backend;
import io.mercato.server.backend.EventIngest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: decodes a batch, records the valid events and reports every invalid one.
 *
 * <p>Request: Content-Type {@code application/json} (one event object, or an array of them) or
 * {@code application/x-ndjson} (one object per line; see {@link EventFormats} for aliases), UTF-8, at
 * most {@link ServerConfig#maxBodyBytes()} bytes. The event contract is ARCHITECTURE.md §5.
 *
 * <p>Response 202 once every accepted event is durable: in the journal (embedded mode), or
 * acknowledged by every in-sync replica of the Kafka topic (cluster mode, {@code acks=all}):
 * <pre>{@code {"accepted": 2, "duplicates": 1, "sampled": 0, "rejected": [{"index": 3, "errors": [{"field": "user_id", "message": "is required"}]}],
 *  "rejected_count": 1, "rejected_summary": [{"field": "user_id", "message": "is required", "count": 1}]}}</pre>
 * {@code rejected} lists at most {@link ServerConfig#maxRejectionsListed()} rejections (the lowest
 * indexes); {@code rejected_count} is exact and {@code rejected_summary} counts every rejection by
 * field and message, so a body of a million broken lines is answered in a few kilobytes.
 * {@code accepted} events were new and recorded; {@code duplicates} had an {@code event_id} seen
 * before (acknowledged, counted once); {@code sampled} were dropped by ingestion sampling
 * ({@code sampling.rates}: acknowledged, not stored); {@code rejected} (always present, possibly
 * empty, sorted by index) lists the 0-based batch index of each event that was not recorded with
 * every rule it broke: invalid events, and valid events that are too late (field {@code timestamp}:
 * older than the newest accepted event time minus the longest window and the allowed lateness, so
 * they would count in no window). A batch is answered 202 even when every event was rejected: the
 * framing was fine, the verdict per event is in the body. Rejected events are also kept in the
 * dead-letter store (source {@code http}): the engine's dead-letter log, or in cluster mode the
 * dead-letter topic; a too-late event, already decoded, is kept as its re-serialised event JSON.
 *
 * <p>Cluster mode differs in what an API node can know: {@code duplicates}, {@code sampled} and
 * too-late rejections are always 0 or absent, because the Flink job deduplicates by {@code event_id}
 * and drops too-late events (to its dead-letter topic) downstream; an event without {@code event_id}
 * gets a generated one before it is produced, so replays of the topic still count it once.
 *
 * <p>Errors (problem+json, see {@link Problems}): 415 wrong or missing Content-Type; 413 body too
 * large; 400 malformed JSON (with line/column/offset), empty body or a scalar root; 503 when the
 * shard queues are full (Retry-After) or the engine is not ready; in cluster mode 503 when Kafka did not
 * acknowledge every event (Retry-After; some of the batch may be in the topic, so retry it whole: events
 * with an {@code event_id} count once). After a 4xx or 503 nothing of the
 * request was recorded, so the whole batch may be retried; retrying after a timeout is safe too,
 * because events with an {@code event_id} are deduplicated.
 */
final class IngestEventsEndpoint implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestEventsEndpoint.class);
  static final String DEAD_LETTER_SOURCE = "http";

  private final Backend backend;
  private final EventIngest ingest;
  private final int maxBodyBytes;
  private final int maxListed;

  /** @param maxListed rejections listed one by one in a 202 ({@link ServerConfig#maxRejectionsListed()}) */
  IngestEventsEndpoint(Backend backend, int maxBodyBytes, int maxListed) {
    this.backend = backend;
    this.ingest = backend.events();
    this.maxBodyBytes = maxBodyBytes;
    this.maxListed = maxListed;
  }

  @Override
  public void handle(Context ctx) {
    // Cheap refusals first, before a byte of the body is read.
    Format format = EventFormats.forContentType(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException(maxBodyBytes, declared);
    }
    // Refuse while recovering: decoding would admit custom types and dead-letter events of a request
    // that is answered 503 anyway (and would be dead-lettered again when the client retries).
    backend.writeRefusal().ifPresent(reason -> {
      throw new EngineUnavailableException(reason);
    });
    byte[] body = readBody(ctx, declared);
    ReadResult batch = ingest.reader().read(body, format);
    IngestResult result = ingest.ingest(batch.events());
    List<Rejection> rejected = withTooLate(batch, result.tooLate());
    // Dead letters only after the ingest succeeded: a batch refused with 503 is retried by the
    // client, and its rejections would otherwise be logged twice.
    recordRejections(rejected);
    Json.respond(ctx, 202, new Response(result.accepted(), result.duplicates(), result.sampled(),
        rejected.stream().limit(maxListed).map(r -> new Rejected(r.index(), r.errors())).toList(), rejected.size(),
        RejectionSummary.of(rejected, RejectionSummary.MAX_GROUPS)));
  }

  /**
   * The batch's rejections plus one per too-late event, sorted by batch index. {@code tooLate} holds
   * positions in {@code batch.events()}; the valid events are the batch indices not rejected by the
   * reader, in order, which maps a position back to its batch index.
   */
  private List<Rejection> withTooLate(ReadResult batch, List<Integer> tooLate) {
    if (tooLate.isEmpty()) {
      return batch.rejected();
    }
    Set<Integer> invalid = new HashSet<>();
    batch.rejected().forEach(r -> invalid.add(r.index()));
    int[] batchIndex = new int[batch.events().size()];
    for (int index = 0, position = 0; position < batchIndex.length; index++) {
      if (!invalid.contains(index)) {
        batchIndex[position++] = index;
      }
    }
    List<FieldError> errors = List.of(new FieldError("timestamp", tooLateMessage(backend.reads().windows())));
    List<Rejection> all = new ArrayList<>(batch.rejected());
    for (int position : tooLate) {
      Event e = batch.events().get(position);
      all.add(new Rejection(batchIndex[position], errors, EventJson.text(e)));
    }
    all.sort(Comparator.comparingInt(Rejection::index));
    return all;
  }

  /** E.g. "is too late: older than the newest event time minus the longest window (7d) and ...". */
  static String tooLateMessage(Windows windows) {
    return "is too late: older than the newest event time minus the longest window ("
        + windows.longest().name() + ") and the allowed lateness (" + compact(windows.latenessMillis()) + ")";
  }

  /** A duration in the largest whole unit of d, h, m, s, e.g. 10m; milliseconds otherwise. */
  private static String compact(long millis) {
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis > 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  private byte[] readBody(Context ctx, long declared) {
    try {
      return BoundedBody.read(ctx.req().getInputStream(), declared, maxBodyBytes);
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
  }

  private void recordRejections(List<Rejection> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    try {
      ingest.deadLetter(DEAD_LETTER_SOURCE, rejected);
    } catch (RuntimeException e) {
      // The valid events are already durable and the client learns of every rejection from this
      // answer; failing the request now would only make it retry a batch that succeeded.
      LOG.error("could not write {} rejected events to the dead-letter store", rejected.size(), e);
    }
  }

  /**
   * The 202 body: {@code rejected} lists the first {@code maxListed} rejections by index,
   * {@code rejectedCount} counts them all and {@code rejectedSummary} groups all of them by field and
   * message (at most {@value RejectionSummary#MAX_GROUPS} lines), so the answer stays small whatever
   * the batch holds and still accounts for every record.
   */
  record Response(int accepted, int duplicates, int sampled, List<Rejected> rejected, int rejectedCount,
      List<ErrorCount> rejectedSummary) {}

  /** One rejected event: its 0-based index in the batch and every rule it broke. */
  record Rejected(int index, List<FieldError> errors) {}
}
