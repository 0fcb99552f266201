package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.RuleRun;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/audit/stream[?campaign=]}: Server-Sent Events of new audit entries (event
 * {@code audit}, data as an entry of {@code GET /v1/audit}) and new rule runs (event {@code run}, data as
 * a run of {@code GET /v1/rules/{id}/runs}), from the moment the stream opens. The database is polled
 * once a second by one poller for every open stream (so 50 open dashboards cost one query a second, not
 * 50), and only while a stream is open; since it is the shared database, every node of a cluster streams
 * every entry, whichever node wrote it. The stream starts with an event {@code open} (data
 * {@code {"since": instant}}), so it is seen open at once. The request must accept {@code text/event-stream} (400 naming
 * {@code Accept} otherwise).
 */
final class AuditFeed implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFeed.class);
  private static final long PERIOD_MS = 1000;

  /** Most entries read per poll; a burst beyond it is streamed over the next polls. */
  private static final int BATCH = 200;

  private final Backend backend;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private long lastEntryId = -1; // -1: not positioned; touched by the poller thread only
  private long lastRunId = -1;
  private Instant lastRunAt;

  private record Subscriber(SseClient client, String campaignId) {}

  AuditFeed(Backend backend, ScheduledExecutorService scheduler) {
    this.backend = backend;
    scheduler.scheduleWithFixedDelay(this::poll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void handle(Context ctx) throws Exception {
    AutomationRequests.automation(backend, ctx);
    String campaign = QueryParams.optional(ctx, "campaign");
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ValidationException(
          "Accept",
          "must include text/event-stream (EventSource sends it; with curl add "
              + "-H 'Accept: text/event-stream')");
    }
    new SseHandler(
            client -> {
              Subscriber s = new Subscriber(client, campaign);
              client.keepAlive();
              client.onClose(() -> subscribers.remove(s));
              subscribers.add(s);
              // An event at once, so a client (or proxy) sees the stream open before the first
              // change, which may be hours away (a comment would not end an event: Javalin writes
              // it without the blank line).
              client.sendEvent("open", "{\"since\":\"" + Instant.now() + "\"}");
            })
        .handle(ctx);
  }

  private void poll() {
    subscribers.removeIf(s -> s.client().terminated());
    if (subscribers.isEmpty()) {
      lastEntryId = -1; // position again when someone subscribes: a new stream starts from then
      return;
    }
    try {
      Automation a = backend.automation().orElseThrow();
      List<AuditEntry> newest =
          a.log().query(new AuditQuery(null, null, null, null, BATCH)).entries();
      if (lastEntryId < 0) {
        position(a, newest);
        return;
      }
      List<AuditEntry> fresh =
          new ArrayList<>(newest.stream().filter(e -> e.id() > lastEntryId).toList());
      fresh.sort(Comparator.comparingLong(AuditEntry::id));
      for (AuditEntry e : fresh) {
        String json =
            new String(Json.bytes(AutomationViews.entry(e, a.log())), StandardCharsets.UTF_8);
        for (Subscriber s : subscribers) {
          if (s.campaignId() == null || s.campaignId().equals(e.change().campaignId())) {
            send(s, "audit", json);
          }
        }
        lastEntryId = e.id();
      }
      for (RuleRun r : a.runs().since(lastRunAt)) {
        if (r.id() > lastRunId) {
          String json = new String(Json.bytes(AutomationViews.run(r)), StandardCharsets.UTF_8);
          for (Subscriber s : subscribers) {
            if (s.campaignId() == null || s.campaignId().equals(r.campaignId())) {
              send(s, "run", json);
            }
          }
          lastRunId = r.id();
          lastRunAt = r.at().isAfter(lastRunAt) ? r.at() : lastRunAt;
        }
      }
    } catch (RuntimeException e) {
      // the engine not ready or the database down: the streams stay open, the next poll tries again
      LOG.debug("audit stream poll failed: {}", e.toString());
    }
  }

  /** Starts after what exists now: the newest entry and the newest run (of the last hour). */
  private void position(Automation a, List<AuditEntry> newest) {
    lastEntryId = newest.isEmpty() ? 0 : newest.get(0).id();
    lastRunAt = a.clock().instant().minusSeconds(3600);
    lastRunId = 0;
    for (RuleRun r : a.runs().since(lastRunAt)) {
      lastRunId = Math.max(lastRunId, r.id());
      lastRunAt = r.at().isAfter(lastRunAt) ? r.at() : lastRunAt;
    }
  }

  private void send(Subscriber s, String event, String json) {
    try {
      s.client().sendEvent(event, json);
    } catch (RuntimeException e) {
      s.client().close();
      subscribers.remove(s);
    }
  }
}
