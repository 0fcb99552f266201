package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.ErrorCount;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.RejectionSummary;
import io.mercato.core.quality.SourceName;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.server.backend.AccountedIngest;
import io.mercato.server.backend.Backend;
import java.io.IOException;
import java.util.List;
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
 * <pre>{@code {"accepted": 2, "duplicates": 1, "sampled": 0,
 *  "rejected": [{"index": 3, "reason": "invalid", "errors": [{"field": "user_id", "message": "is required"}]}],
 *  "rejected_count": 1, "rejected_summary": [{"field": "user_id", "message": "is required", "count": 1}]}}</pre>
 * {@code rejected} lists at most {@link ServerConfig#maxRejectionsListed()} rejections (the lowest
 * indexes); {@code rejected_count} is exact and {@code rejected_summary} counts every rejection by
 * field and message, so a body of a million broken lines is answered in a few kilobytes.
 * {@code accepted} events were new and recorded; {@code duplicates} had an {@code event_id} seen
 * before (acknowledged, counted once); {@code sampled} were dropped by ingestion sampling
 * ({@code sampling.rates}: acknowledged, not stored); {@code rejected} (always present, possibly
 * empty, sorted by index) lists the 0-based batch index of each event that was not recorded, its
 * {@code reason} and every rule it broke: {@code invalid} events, and valid events that are
 * {@code too_late} (field {@code timestamp}: older than the newest accepted event time minus the
 * longest window and the allowed lateness, so they would count in no window). So every event of the
 * batch is accounted for: {@code accepted + duplicates + sampled + rejected} is the batch size. A
 * batch is answered 202 even when every event was rejected: the framing was fine, the verdict per
 * event is in the body. Rejected events are also kept in the dead-letter store under the request's
 * source: the engine's dead-letter log, or in cluster mode the dead-letter topic; a too-late event,
 * already decoded, is kept as its re-serialised event JSON.
 *
 * <p>Query parameter {@code source} (optional, default {@code http}; the id rule of the event
 * contract): where the events come from, e.g. a tracker's name or {@code replay:<file>}. Dead letters
 * carry it, and the data-quality view ({@code GET /v1/quality}) accounts and watches volume per source,
 * so a broken tracker shows as its own series.
 *
 * <p>Cluster mode differs in what an API node can know: {@code duplicates}, {@code sampled} and
 * too-late rejections are always 0 or absent, because the Flink job deduplicates by {@code event_id}
 * and drops too-late events (to its dead-letter topic) downstream; an event without {@code event_id}
 * gets a generated one before it is produced, so replays of the topic still count it once.
 *
 * <p>Errors (problem+json, see {@link Problems}): 400 an invalid {@code source}; 415 wrong or missing Content-Type; 413 body too
 * large; 400 malformed JSON (with line/column/offset), empty body or a scalar root; 503 when the
 * shard queues are full (Retry-After) or the engine is not ready; in cluster mode 503 when Kafka did not
 * acknowledge every event (Retry-After; some of the batch may be in the topic, so retry it whole: events
 * with an {@code event_id} count once). After a 4xx or 503 nothing of the
 * request was recorded, so the whole batch may be retried; retrying after a timeout is safe too,
 * because events with an {@code event_id} are deduplicated.
 */
final class IngestEventsEndpoint implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestEventsEndpoint.class);

  private final Backend backend;
  private final EventJsonReader reader;
  private final AccountedIngest ingestion;
  private final int maxBodyBytes;
  private final int maxListed;

  /** @param maxListed rejections listed one by one in a 202 ({@link ServerConfig#maxRejectionsListed()}) */
  IngestEventsEndpoint(Backend backend, int maxBodyBytes, int maxListed) {
    this.backend = backend;
    this.reader = backend.events().reader();
    this.ingestion = backend.ingestion();
    this.maxBodyBytes = maxBodyBytes;
    this.maxListed = maxListed;
  }

  @Override
  public void handle(Context ctx) {
    // Cheap refusals first, before a byte of the body is read.
    Format format = EventFormats.forContentType(ctx.header("Content-Type"));
    String source = source(ctx);
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException(maxBodyBytes, declared);
    }
    // Refuse while recovering: decoding would admit custom types and dead-letter events of a
    // request
    // that is answered 503 anyway (and would be dead-lettered again when the client retries).
    backend
        .writeRefusal()
        .ifPresent(
            reason -> {
              throw new EngineUnavailableException(reason);
            });
    byte[] body = readBody(ctx, declared);
    ReadResult batch = reader.read(body, format);
    // Dead letters and quality counts only once the ingest succeeded: a batch refused with 503 is
    // retried by the client, and would otherwise be logged and counted twice.
    AccountedIngest.Verdict v = ingestion.accept(source, batch);
    if (v.deadLetterFailure() != null) {
      // The valid events are already durable and the client learns of every rejection from this
      // answer; failing the request now would only make it retry a batch that succeeded.
      LOG.error(
          "could not write {} rejected events to the dead-letter store",
          v.rejected().size(),
          v.deadLetterFailure());
    }
    Json.respond(
        ctx,
        202,
        new Response(
            v.accepted(),
            v.duplicates(),
            v.sampled(),
            v.rejected().stream()
                .limit(maxListed)
                .map(r -> new Rejected(r.index(), r.reason().code(), r.errors()))
                .toList(),
            v.rejected().size(),
            RejectionSummary.of(v.rejected(), RejectionSummary.MAX_GROUPS)));
  }

  /** The {@code source} query parameter, {@code http} when absent. */
  private static String source(Context ctx) {
    String s = QueryParams.optional(ctx, "source");
    return s == null ? SourceName.HTTP : SourceName.check("source", s);
  }

  private byte[] readBody(Context ctx, long declared) {
    try {
      return BoundedBody.read(ctx.req().getInputStream(), declared, maxBodyBytes);
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
  }

  /**
   * The 202 body: {@code rejected} lists the first {@code maxListed} rejections by index,
   * {@code rejectedCount} counts them all and {@code rejectedSummary} groups all of them by field and
   * message (at most {@value RejectionSummary#MAX_GROUPS} lines), so the answer stays small whatever
   * the batch holds and still accounts for every record.
   */
  record Response(
      int accepted,
      int duplicates,
      int sampled,
      List<Rejected> rejected,
      int rejectedCount,
      List<ErrorCount> rejectedSummary) {}

  /**
   * One rejected event: its 0-based index in the batch, why ({@code invalid} or {@code too_late}, a
   * {@link io.mercato.core.event.RejectReason} code) and every rule it broke.
   */
  record Rejected(int index, String reason, List<FieldError> errors) {}
}
