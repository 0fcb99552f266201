package io.mercato.server.backend;

import io.mercato.core.rules.CycleReport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler thread of a node's rule evaluation: every {@code period} it calls
 * {@link Automation#tick()}, which evaluates only while this node holds the evaluator lease. Each
 * rule's own trigger decides whether the rule is due in a tick (every N minutes, a cron time, or its
 * KPIs changed, at most once per its interval), so the period only bounds how late a due rule runs:
 * one second by default, and a tick with nothing due costs a read of the rule list.
 *
 * <p>A tick that fails (the engine still recovering, the database unreachable) is logged and the next
 * one tries again; nothing of a failed commit is applied (the change log is transactional).
 */
public final class RuleScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleScheduler.class);

  /** The default period between ticks. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final Automation automation;
  private final ScheduledExecutorService thread;
  private volatile String lastFailure;

  private RuleScheduler(Automation automation) {
    this.automation = automation;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mercato-rule-evaluator");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts ticking {@code automation} every {@code period}, the first tick after one period. */
  public static RuleScheduler start(Automation automation, Duration period) {
    Objects.requireNonNull(automation, "automation");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the evaluator period must be positive but was " + period);
    }
    RuleScheduler s = new RuleScheduler(automation);
    s.thread.scheduleWithFixedDelay(
        s::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return s;
  }

  private void tick() {
    try {
      Optional<CycleReport> r = automation.tick();
      r.ifPresent(
          c -> {
            if (!c.runs().isEmpty() || !c.expired().isEmpty()) {
              LOG.info(
                  "rule cycle: {} rule(s) due, {} check(s), {} run(s) recorded, {} change batch(es) applied, {} "
                      + "approval(s) expired",
                  c.rules(),
                  c.checked(),
                  c.runs().size(),
                  c.applied().size(),
                  c.expired().size());
            }
          });
      if (lastFailure != null) {
        LOG.info("rule evaluation works again");
        lastFailure = null;
      }
    } catch (RuntimeException e) {
      // e.g. the engine still recovering, or the database down: try again next tick, log once per
      // cause
      String m = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!m.equals(lastFailure)) {
        LOG.warn("rule evaluation cycle failed; retrying every tick: {}", m);
        lastFailure = m;
      }
    }
  }

  /** Stops the thread (a running cycle finishes first, up to 30 s) and gives up the lease. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    automation.close();
  }
}
