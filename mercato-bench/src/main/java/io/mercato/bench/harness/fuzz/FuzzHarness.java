package io.mercato.bench.harness.fuzz;

import io.mercato.app.http.EventPoster;
import io.mercato.app.http.PostResult;
import io.mercato.bench.harness.child.ServeProcess;
import io.mercato.bench.harness.child.StateReader;
import io.mercato.core.error.MercatoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The fuzz suite against a real {@code mercato serve} child process: the seeded hostile requests of
 * {@link RequestGenerator} over raw sockets, every answer judged by {@link ResponseOracle}, the
 * expected event counts kept by {@link EventLedger}; then the state checked, a clean restart (SIGTERM)
 * and the state checked again, more requests, a {@code kill -9} and a restart, and the state checked
 * once more. A state check compares the all-time counts per type with the ledger, the listings and
 * profiles with the previous reading, and re-sends every counted event with an id (each must come
 * back a duplicate).
 *
 * <p>Run it as {@code ./mercato bench fuzz [--requests N] [--seed S]}; {@code FuzzIT} runs a short one.
 */
public final class FuzzHarness {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_GRACE = Duration.ofMinutes(2);

  private final FuzzOptions options;
  private final PrintStream log;
  private final FuzzReport report;
  private final EventLedger ledger = new EventLedger();
  private final RequestGenerator generator;
  private final List<Future<?>> inFlight = new ArrayList<>();
  private int started;

  /** @param log where progress goes (the summary is {@link FuzzReport#print}) */
  public FuzzHarness(FuzzOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.report = new FuzzReport(options.seed());
    this.generator = new RequestGenerator(options.seed(), InstantSource.system());
  }

  /** Runs the whole suite; never throws for what the server does (that is in the report). */
  public FuzzReport run() {
    long t0 = System.nanoTime();
    Path data = options.workDir().resolve("data");
    int first = options.requests() * 4 / 5;
    ExecutorService background =
        Executors.newFixedThreadPool(
            options.background(),
            r -> {
              Thread t = new Thread(r, "fuzz-slow-body");
              t.setDaemon(true);
              return t;
            });
    ServeProcess server = null;
    try {
      server = start(data);
      log.printf(
          "fuzz: seed %d, %,d requests to mercato serve (pid %d, port %d, data %s)%n",
          options.seed(), options.requests(), server.pid(), server.port(), data);
      send(server, background, first);
      StateSnapshot before = check("after " + first + " requests", server, null);
      stopCleanly(server);
      server = start(data);
      check("after a clean restart", server, before);
      send(server, background, options.requests() - first);
      StateSnapshot beforeKill =
          check("after " + (options.requests() - first) + " more requests", server, null);
      server.kill();
      server = start(data);
      check("after kill -9 and a restart", server, beforeKill);
      stopCleanly(server);
    } catch (Abort e) {
      report.violation(new Violation(-1, "state/" + e.check, "(none)", e.getMessage(), "", ""));
    } finally {
      if (server != null) {
        server.close();
      }
      background.shutdownNow();
    }
    report.check(
        "dead-letter store: "
            + directoryBytes(data.resolve("dead-letter")) / 1024
            + " KiB after the run");
    report.finish(
        (System.nanoTime() - t0) / 1_000_000_000,
        "every route of " + generator.routes().size() + " fuzzed, and unknown paths");
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
            Map.of());
    try {
      ServeProcess.Ready ready = p.awaitReady(READY_TIMEOUT);
      if (started > 1) {
        report.check(
            String.format(
                "restart %d ready in %.1f s (%d journal records replayed over a snapshot of %d events)",
                started - 1,
                ready.startup().toMillis() / 1000.0,
                ready.replayedEvents(),
                ready.recoveredFromSnapshot()));
      }
      return p;
    } catch (IllegalStateException e) {
      p.close();
      throw new Abort(
          started == 1 ? "start" : "restart", "the data directory did not load: " + e.getMessage());
    }
  }

  private void stopCleanly(ServeProcess server) {
    try {
      server.stop(STOP_GRACE);
    } catch (IllegalStateException e) {
      throw new Abort("clean-stop", e.getMessage());
    }
  }

  private void send(ServeProcess server, ExecutorService background, int count) {
    RawHttp http = new RawHttp("127.0.0.1", server.port());
    long t0 = System.nanoTime();
    for (int k = 0; k < count; k++) {
      FuzzCase c = generator.next();
      if (c.request().delivery().slow()) {
        Duration timeout = options.requestTimeout().multipliedBy(2);
        inFlight.add(background.submit(() -> judge(c, http.exchange(c.request(), timeout))));
      } else {
        judge(c, http.exchange(c.request(), options.requestTimeout()));
      }
      if (!server.isAlive()) {
        throw new Abort(
            "crash",
            "mercato serve died after request #"
                + c.index()
                + " ("
                + c.kind()
                + " "
                + c.route()
                + "): "
                + c.request().preview(1000)
                + "\n"
                + server.tail());
      }
      if ((k + 1) % 1000 == 0) {
        log.printf(
            "  %,d requests, %d violations, %d s%n",
            k + 1, report.violationCount(), (System.nanoTime() - t0) / 1_000_000_000);
      }
    }
    awaitBackground();
  }

  private void judge(FuzzCase c, RawResponse r) {
    report.count(c, r);
    ledger.apply(c, r);
    for (String message : ResponseOracle.judge(c, r)) {
      report.violation(
          new Violation(
              c.index(), c.kind(), c.route(), message, c.request().preview(1500), preview(r)));
    }
  }

  private void awaitBackground() {
    for (Future<?> f : inFlight) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new Abort(
            "background", "a background request failed in the harness: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abort("background", "interrupted");
      }
    }
    inFlight.clear();
  }

  /**
   * Reads the state; compares the counts with the ledger, the rest with {@code previous} (when given),
   * and re-sends every counted event with an id after a restart. Returns the reading.
   */
  private StateSnapshot check(String when, ServeProcess server, StateSnapshot previous) {
    StateSnapshot now;
    try {
      now = StateSnapshot.read(new StateReader(server.base()), generator.users());
    } catch (IllegalStateException e) {
      throw new Abort(slug(when), "the state could not be read: " + e.getMessage());
    }
    List<String> wrong = new ArrayList<>(now.countsDiffer(ledger.counts()));
    if (previous != null) {
      wrong.addAll(now.differences(previous));
      wrong.addAll(resend(server));
    }
    for (String w : wrong) {
      report.violation(new Violation(-1, "state/" + slug(when), "(none)", w, "", ""));
    }
    report.check(
        String.format(
            "%s: %s; %,d events held (%,d impressions from decisions), listings and %d profiles read%s",
            when,
            wrong.isEmpty() ? "as expected" : wrong.size() + " differences",
            now.counts().values().stream().mapToLong(Long::longValue).sum(),
            ledger.impressions(),
            now.profiles().size(),
            previous == null ? "" : ", every counted event with an id re-sent"));
    return now;
  }

  /** Re-sends every counted event that has an id: each must be a duplicate. */
  private List<String> resend(ServeProcess server) {
    EventPoster poster = new EventPoster(server.base(), Duration.ofMinutes(1));
    List<SentEvent> events = ledger.eventsWithIds();
    long accepted = 0;
    long duplicates = 0;
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < events.size(); i++) {
        batch.writeBytes(events.get(i).json());
        batch.write('\n');
        if (batch.size() > (1 << 20) || i == events.size() - 1) {
          PostResult r = poster.post(batch.toByteArray());
          accepted += r.accepted();
          duplicates += r.duplicates();
          batch.reset();
        }
      }
    } catch (MercatoException e) {
      return List.of("re-sending the counted events failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abort("resend", "interrupted");
    }
    if (accepted != 0 || duplicates != events.size()) {
      return List.of(
          "re-sending the "
              + events.size()
              + " counted events with ids gave "
              + accepted
              + " accepted and "
              + duplicates
              + " duplicates; every one should be a duplicate");
    }
    return List.of();
  }

  private static String preview(RawResponse r) {
    if (!r.ok() && r.status() == 0) {
      return "";
    }
    String body = new String(r.body(), 0, Math.min(r.body().length, 600), StandardCharsets.UTF_8);
    return r.status()
        + " "
        + (r.mediaType() == null ? "" : r.mediaType() + " ")
        + body.replace("\n", "\\n");
  }

  private static String slug(String when) {
    return when.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  private static long directoryBytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the run early: the server died, or a data directory did not load. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String check;

    Abort(String check, String message) {
      super(message);
      this.check = check;
    }
  }
}
