package io.mercato.server;

import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.RejectReason;
import io.mercato.core.quality.Accounting;
import io.mercato.core.rules.ApprovalStatus;
import io.mercato.core.rules.CycleReport;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.Rule;
import io.mercato.core.runtime.Scope;
import io.mercato.core.time.Window;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's overview tiles in one answer, built from what other endpoints serve piecemeal:
 * ingest accounting ({@code /v1/quality}), distinct users ({@code /v1/stats}), the campaigns, today's
 * spend (the KPIs), the rules and approvals, and the evaluator.
 * <ul>
 *   <li>{@code GET /v1/overview}: the tiles now.</li>
 *   <li>{@code GET /v1/overview/stream}: Server-Sent Events {@code overview}, the same JSON every second.
 *       One snapshot a second serves every open stream, so 50 open dashboards cost what one does.</li>
 * </ul>
 * {@code events_per_second} is this node's accepted events over the last 10 s (sampled each second);
 * a tile the runtime cannot fill (distinct users where the statistics are unreachable, automation where
 * there is none) is null. {@code as_of} is the newest event time the KPIs include, where known.
 */
final class Overview {
  private static final long PERIOD_MS = 1000;
  private static final int RATE_SECONDS = 10;

  private final Backend backend;
  private final ArrayDeque<long[]> accepted =
      new ArrayDeque<>(); // [millis, accepted], sampler thread only
  private final List<SseClient> clients = new CopyOnWriteArrayList<>();
  private volatile double eventsPerSecond;
  private volatile Map<String, Object> last;
  private volatile long lastAt;

  Overview(Backend backend, ScheduledExecutorService scheduler) {
    this.backend = backend;
    scheduler.scheduleWithFixedDelay(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  Handler get() {
    return ctx -> Json.respond(ctx, 200, snapshot());
  }

  Handler stream() {
    return ctx -> {
      String accept = ctx.header("Accept");
      if (accept == null || !accept.contains("text/event-stream")) {
        throw new ValidationException(
            "Accept",
            "must include text/event-stream (EventSource sends it; with curl "
                + "add -H 'Accept: text/event-stream')");
      }
      new SseHandler(this::subscribe).handle(ctx);
    };
  }

  private void subscribe(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    send(client, json(snapshot()));
  }

  /** Samples the accepted count and pushes one snapshot to every open stream. */
  private void tick() {
    try {
      long now = System.currentTimeMillis();
      accepted.addLast(new long[] {now, backend.quality().report().total().accepted()});
      while (accepted.size() > RATE_SECONDS + 1) {
        accepted.removeFirst();
      }
      long[] first = accepted.peekFirst();
      long[] lastSample = accepted.peekLast();
      eventsPerSecond =
          lastSample[0] > first[0]
              ? (lastSample[1] - first[1]) * 1000.0 / (lastSample[0] - first[0])
              : 0;
      clients.removeIf(SseClient::terminated);
      if (!clients.isEmpty()) {
        String json = json(snapshot());
        for (SseClient c : clients) {
          send(c, json);
        }
      }
    } catch (RuntimeException e) {
      // never let the sampler die: the next tick tries again
    }
  }

  private void send(SseClient c, String json) {
    try {
      c.sendEvent("overview", json);
    } catch (RuntimeException e) {
      c.close();
      clients.remove(c);
    }
  }

  private static String json(Object o) {
    return new String(Json.bytes(o), StandardCharsets.UTF_8);
  }

  /** The tiles, computed at most once a second whoever asks. */
  Map<String, Object> snapshot() {
    long now = System.currentTimeMillis();
    Map<String, Object> s = last;
    if (s != null && now - lastAt < PERIOD_MS) {
      return s;
    }
    s = compute();
    last = s;
    lastAt = now;
    return s;
  }

  private Map<String, Object> compute() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", backend.mode());
    KpiSource kpis = null;
    AdInventory inventory = null;
    try {
      kpis = backend.ads().ruleKpis();
      inventory = backend.ads().inventory();
    } catch (RuntimeException e) {
      // not ready: those tiles are null
    }
    Instant watermark = kpis == null ? null : kpis.watermark();
    m.put("now", Instant.now().toString());
    m.put("as_of", watermark == null ? null : watermark.toString());
    m.put("events_per_second", Math.round(eventsPerSecond * 10) / 10.0);
    m.put("accounting", accounting(backend.quality().report().total()));
    m.put("distinct_users_1h", distinctUsers());
    m.put("campaigns", inventory == null ? null : campaigns(inventory));
    m.put("spend_today", inventory == null ? null : spendToday(inventory, kpis));
    automation(m);
    return m;
  }

  private static Map<String, Object> accounting(Accounting a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read", a.read());
    m.put("accepted", a.accepted());
    m.put("duplicates", a.duplicates());
    m.put("sampled", a.sampled());
    m.put("rejected", a.rejectedTotal() - a.rejected(RejectReason.TOO_LATE));
    m.put("too_late", a.rejected(RejectReason.TOO_LATE));
    return m;
  }

  private Long distinctUsers() {
    try {
      var read = backend.reads().scope(Scope.GLOBAL, null, null, false);
      if (read.isEmpty() || read.get().distinct() == null) {
        return null;
      }
      Window hour = backend.reads().windows().byName("1h");
      return read.get().distinct().estimate(hour, read.get().nowMillis());
    } catch (RuntimeException e) {
      return null; // no 1h window configured, or the statistics cannot be read now
    }
  }

  private static Map<String, Object> campaigns(AdInventory inventory) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", inventory.campaigns().size());
    for (CampaignStatus s : CampaignStatus.values()) {
      m.put(
          s.name().toLowerCase(Locale.ROOT),
          inventory.campaigns().stream().filter(c -> c.status() == s).count());
    }
    return m;
  }

  /** Spent today per currency over the active and paused campaigns (each on its own calendar day). */
  private List<Map<String, Object>> spendToday(AdInventory inventory, KpiSource kpis) {
    Map<String, BigDecimal> byCurrency = new TreeMap<>();
    String window = backend.ads().windows().names().get(0);
    for (Campaign c : inventory.campaigns()) {
      if (c.status() != CampaignStatus.ACTIVE && c.status() != CampaignStatus.PAUSED) {
        continue;
      }
      try {
        CampaignKpis k = kpis.kpis(c, window);
        if (k != null) {
          byCurrency.merge(c.currency(), k.spentToday(), BigDecimal::add);
        }
      } catch (RuntimeException e) {
        // one campaign's statistics unreadable: leave it out rather than lose the tile
      }
    }
    return byCurrency.entrySet().stream()
        .map(
            e -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("currency", e.getKey());
              m.put("amount", e.getValue());
              return m;
            })
        .toList();
  }

  private void automation(Map<String, Object> m) {
    Automation a = backend.automation().orElse(null);
    if (a == null) {
      m.put("rules", null);
      m.put("approvals_pending", null);
      m.put("evaluator", null);
      return;
    }
    try {
      List<Rule> rules = a.rules().latestRules();
      m.put(
          "rules",
          Map.of("total", rules.size(), "enabled", rules.stream().filter(Rule::enabled).count()));
      m.put("approvals_pending", a.approvalStore().list(ApprovalStatus.PENDING, 1000).size());
    } catch (RuntimeException e) {
      m.put("rules", null);
      m.put("approvals_pending", null);
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("holder", a.holdsLease());
    CycleReport r = a.lastCycle().orElse(null);
    if (r == null) {
      ev.put("last_cycle", null);
    } else {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("at", r.at().toString());
      c.put("rules", r.rules());
      c.put("checked", r.checked());
      c.put("runs", r.runs().size());
      c.put("applied", r.applied().size());
      ev.put("last_cycle", c);
    }
    m.put("evaluator", ev);
  }
}
