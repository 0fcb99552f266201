package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.error.ValidationException;
import io.mercato.core.time.Window;
import io.mercato.server.backend.AdDecisions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /v1/campaigns/{id}/kpis/stream?window=1h}: Server-Sent Events of the campaign's KPIs
 * (event name {@code kpis}, data the same JSON as {@code GET /v1/campaigns/{id}/kpis}). One event
 * at once, then every second, and sooner — checked every 250 ms — on a significant change: a new
 * conversion, or impressions or clicks up by 5% or more since the last event. The campaign and the
 * window are checked before the stream opens, so errors are ordinary problem+json (404, 400); the
 * request must accept {@code text/event-stream} (400 naming {@code Accept} otherwise).
 *
 * <p>The streams of one campaign and window share their KPI reads ({@link SharedKpiReads}, each at
 * most half a tick old), so many open dashboards cost ingestion little more than one.
 */
final class CampaignKpisStream implements Handler {
  private static final long TICK_MS = 250;
  private static final long PERIOD_MS = 1000;
  private final AdDecisions ads;
  private final ScheduledExecutorService scheduler;
  private final SharedKpiReads reads;

  CampaignKpisStream(AdDecisions ads, ScheduledExecutorService scheduler) {
    this.ads = ads;
    this.scheduler = scheduler;
    this.reads = new SharedKpiReads(ads, TimeUnit.MILLISECONDS.toNanos(TICK_MS / 2));
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Campaign first = CampaignKpisEndpoint.campaign(ads, ctx.pathParam("id"));
    Window w = QueryParams.window(ctx, "window", ads.windows(), "1h");
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin only opens a stream for clients that ask for one; say so rather than answer an
      // empty 200
      throw new ValidationException(
          "Accept",
          "must include text/event-stream (EventSource sends it; with curl add "
              + "-H 'Accept: text/event-stream')");
    }
    new SseHandler(client -> stream(client, first.id(), w)).handle(ctx);
  }

  private void stream(SseClient client, String campaignId, Window w) {
    AtomicReference<CampaignKpis> lastSent = new AtomicReference<>();
    long[] lastAt = {0};
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    Runnable tick =
        () -> {
          try {
            if (client.terminated()) {
              ScheduledFuture<?> f = task.get();
              if (f != null) {
                f.cancel(false);
              }
              return;
            }
            Campaign c = ads.inventory().campaign(campaignId);
            if (c == null) {
              // through Jackson: the id is client data, and concatenated it could add members
              client.sendEvent(
                  "deleted",
                  new String(
                      Json.bytes(Map.of("campaign_id", campaignId)), StandardCharsets.UTF_8));
              client.close();
              reads.forget(campaignId);
              return;
            }
            SharedKpiReads.Reading r = reads.read(c, w);
            CampaignKpis k = r.kpis();
            long now = System.currentTimeMillis();
            if (now - lastAt[0] >= PERIOD_MS || significant(lastSent.get(), k)) {
              client.sendEvent("kpis", r.json());
              lastSent.set(k);
              lastAt[0] = now;
            }
          } catch (RuntimeException e) {
            client.close(); // the engine stopped or the client went away: end the stream
          }
        };
    client.keepAlive();
    client.onClose(
        () -> {
          ScheduledFuture<?> f = task.get();
          if (f != null) {
            f.cancel(false);
          }
        });
    task.set(scheduler.scheduleWithFixedDelay(tick, 0, TICK_MS, TimeUnit.MILLISECONDS));
  }

  private static boolean significant(CampaignKpis before, CampaignKpis now) {
    if (before == null) {
      return true;
    }
    return now.total().conversions() > before.total().conversions()
        || grew(before.total().impressions(), now.total().impressions())
        || grew(before.total().clicks(), now.total().clicks());
  }

  private static boolean grew(long before, long now) {
    return now > before && (before == 0 || (now - before) * 20 >= before);
  }
}
