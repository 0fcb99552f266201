package io.mercato.bench.harness.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.app.http.EventPoster;
import io.mercato.app.http.PostResult;
import io.mercato.bench.harness.child.ServeProcess;
import io.mercato.bench.harness.child.StateReader;
import io.mercato.core.error.MercatoException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Invariant 3 (ARCHITECTURE.md §4), proven under fire: a {@code mercato serve} child process takes
 * concurrent event batches (and catalog and campaign writes) and is killed with {@code kill -9} at a
 * seeded moment, then restarted on the same data directory, cycle after cycle. After each restart the
 * counts per type lie between what was acknowledged and what was sent, and every acknowledged item
 * and campaign is there. At the end every acknowledged event is sent again (each must be a
 * duplicate), then every other sent event (each is a duplicate or new), after which the counts per
 * type equal exactly what was sent: nothing lost, nothing counted twice; and the same after a clean
 * restart. Each cycle's recovery time is reported.
 *
 * <p>Run it as {@code ./mercato bench soak [--cycles N]}; {@code CrashSoakIT} runs a short one.
 */
public final class CrashSoak {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final SoakOptions options;
  private final PrintStream log;
  private final SoakReport report = new SoakReport();
  private final SoakLedger ledger;
  private final List<String> surprises = Collections.synchronizedList(new ArrayList<>());
  private final WriteLoad writes = new WriteLoad(surprises);
  private int started;

  /** What the last {@link #start} saw when the server became ready. */
  private ServeProcess.Ready lastReady;

  public CrashSoak(SoakOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.ledger = new SoakLedger(options.senders());
  }

  /** Runs every cycle and the final accounting; what the server does wrong is in the report. */
  public SoakReport run() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(options.seed());
    Path data = options.workDir().resolve("data");
    ServeProcess server = start(data);
    try {
      log.printf(
          "soak: %d cycles of kill -9 under %d senders (batches of %d)%s; data %s%n",
          options.cycles(),
          options.senders(),
          options.batch(),
          options.writes() ? " and a catalog/campaign writer" : "",
          data);
      for (int c = 1; c <= options.cycles(); c++) {
        long sentBefore = ledger.sentTotal();
        long ackedBefore = ledger.ackedTotal();
        int writesBefore = writes.itemsAcked.size() + writes.campaignsAcked.size();
        long loadMillis =
            options.minRun().toMillis()
                + random.nextLong(options.maxRun().toMillis() - options.minRun().toMillis() + 1);
        EventLoad load = new EventLoad(server.base(), ledger, options.batch(), surprises).start();
        if (options.writes()) {
          writes.start(server.base());
        }
        Thread.sleep(loadMillis);
        server.kill();
        load.stopAndJoin();
        writes.stopAndJoin();
        server = start(data);
        ServeProcess.Ready ready = lastReady;
        report.cycle(
            new SoakReport.Cycle(
                c,
                loadMillis / 1000.0,
                ledger.sentTotal() - sentBefore,
                ledger.ackedTotal() - ackedBefore,
                writes.itemsAcked.size() + writes.campaignsAcked.size() - writesBefore,
                ready.startup().toMillis() / 1000.0,
                server.engineReadyMillis(),
                ready.replayedEvents(),
                ready.recoveredFromSnapshot()));
        verifyCycle(server, c);
        log.printf(
            "  cycle %d: %,d acknowledged, restart ready in %.1f s (%,d journal records replayed)%n",
            c,
            ledger.ackedTotal() - ackedBefore,
            ready.startup().toMillis() / 1000.0,
            ready.replayedEvents());
      }
      finalAccounting(server);
      server.stop(Duration.ofMinutes(2));
      server = start(data);
      exactCounts(server, "after a clean restart");
      server.stop(Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      report.violation(e.getMessage());
    } finally {
      server.close();
    }
    return report;
  }

  private ServeProcess start(Path data) {
    started++;
    ServeProcess p =
        ServeProcess.start(
            options.launcher(),
            data,
            options.workDir(),
            options.workDir().resolve("serve-" + started + ".log"),
            options.environment());
    try {
      lastReady = p.awaitReady(READY_TIMEOUT);
      return p;
    } catch (IllegalStateException e) {
      p.close();
      throw new IllegalStateException(
          "start " + started + ": the data directory did not load: " + e.getMessage(), e);
    }
  }

  /** After a restart: counts between acknowledged and sent per type; every acknowledged write there. */
  private void verifyCycle(ServeProcess server, int cycle) {
    synchronized (surprises) {
      surprises.forEach(s -> report.violation("cycle " + cycle + ": " + s));
      surprises.clear();
    }
    StateReader reader = new StateReader(server.base());
    Map<String, Long> held = reader.eventCounts();
    Map<String, Long> acked = ledger.ackedByType();
    Map<String, Long> sent = ledger.sentByType();
    for (String type : union(held.keySet(), sent.keySet())) {
      long h = held.getOrDefault(type, 0L);
      long a = acked.getOrDefault(type, 0L);
      long s = sent.getOrDefault(type, 0L);
      if (h < a || h > s) {
        report.violation(
            String.format(
                "cycle %d: %s counts %d; acknowledged %d, sent %d (%s)",
                cycle, type, h, a, s, h < a ? "acknowledged events lost" : "more than was sent"));
      }
    }
    if (options.writes()) {
      within(
          cycle,
          "catalog item",
          ids(reader.catalog(), "item_id"),
          writes.itemsAcked,
          writes.itemsSent);
      within(
          cycle,
          "campaign",
          ids(reader.campaigns().path("campaigns"), "id"),
          writes.campaignsAcked,
          writes.campaignsSent);
    }
  }

  private void within(
      int cycle, String what, Set<String> present, Set<String> acked, Set<String> sent) {
    Set<String> lost = new TreeSet<>(acked);
    lost.removeAll(present);
    Set<String> unknown = new TreeSet<>(present);
    unknown.removeAll(sent);
    if (!lost.isEmpty()) {
      report.violation(
          "cycle "
              + cycle
              + ": "
              + lost.size()
              + " acknowledged "
              + what
              + " writes lost, e.g. "
              + lost.stream().limit(5).toList());
    }
    if (!unknown.isEmpty()) {
      report.violation(
          "cycle "
              + cycle
              + ": "
              + unknown.size()
              + " "
              + what
              + "s that were never sent, e.g. "
              + unknown.stream().limit(5).toList());
    }
  }

  /**
   * Every acknowledged event again (each must be a duplicate), then every other sent one (each a
   * duplicate or new), then the counts must equal what was sent.
   */
  private void finalAccounting(ServeProcess server) throws InterruptedException {
    EventPoster poster = new EventPoster(server.base(), Duration.ofMinutes(2));
    long[] acked = resend(poster, true);
    long[] rest = resend(poster, false);
    long ackedCount = ledger.ackedTotal();
    long restCount = ledger.sentTotal() - ackedCount;
    if (acked[0] != 0 || acked[1] != ackedCount) {
      report.violation(
          "re-sending the "
              + ackedCount
              + " acknowledged events gave "
              + acked[0]
              + " accepted and "
              + acked[1]
              + " duplicates: every one must be a duplicate");
    }
    if (rest[0] + rest[1] != restCount) {
      report.violation(
          "re-sending the "
              + restCount
              + " unacknowledged events gave "
              + rest[0]
              + " accepted and "
              + rest[1]
              + " duplicates");
    }
    report.summary(
        String.format(
            "final: %,d events sent, %,d acknowledged; of the %,d unacknowledged, %,d were in "
                + "the journal (in flight at a kill) and %,d were not",
            ledger.sentTotal(), ackedCount, restCount, rest[1], rest[0]));
    exactCounts(server, "after every sent event was re-sent");
  }

  private void exactCounts(ServeProcess server, String when) {
    Map<String, Long> held = new StateReader(server.base()).eventCounts();
    Map<String, Long> sent = ledger.sentByType();
    if (!held.equals(sent)) {
      report.violation(
          when
              + ": counts per type "
              + held
              + " but sent "
              + sent
              + " (each sent event must count once)");
    } else {
      report.summary(when + ": counts per type equal the events sent, each once: " + held);
    }
  }

  /**
   * Sends again every event whose acknowledgement is {@code acknowledged}, stamped now, in batches of
   * 2,000; returns {accepted, duplicates}.
   */
  private long[] resend(EventPoster poster, boolean acknowledged) throws InterruptedException {
    long[] counts = new long[2];
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    int inBatch = 0;
    Instant now = Instant.now();
    for (int s = 0; s < ledger.senders(); s++) {
      for (long n = 0; n < ledger.sent(s); n++) {
        if (ledger.isAcked(s, n) != acknowledged) {
          continue;
        }
        batch.writeBytes(SoakLedger.json(s, n, now));
        batch.write('\n');
        if (++inBatch == 2000) {
          post(poster, batch, counts);
          inBatch = 0;
        }
      }
    }
    if (inBatch > 0) {
      post(poster, batch, counts);
    }
    return counts;
  }

  private static void post(EventPoster poster, ByteArrayOutputStream batch, long[] counts)
      throws InterruptedException {
    try {
      PostResult r = poster.post(batch.toByteArray());
      counts[0] += r.accepted();
      counts[1] += r.duplicates();
    } catch (MercatoException e) {
      throw new IllegalStateException("re-sending events failed: " + e.getMessage(), e);
    }
    batch.reset();
  }

  private static Set<String> ids(JsonNode list, String member) {
    Set<String> ids = new HashSet<>();
    list.forEach(n -> ids.add(n.path(member).asText()));
    return ids;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
