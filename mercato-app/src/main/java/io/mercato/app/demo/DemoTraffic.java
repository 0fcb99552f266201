package io.mercato.app.demo;

import io.mercato.app.http.EventPoster;
import io.mercato.app.http.PostResult;
import io.mercato.app.replay.Pacer;
import io.mercato.synthetic.SyntheticTraffic;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's traffic: a {@link SyntheticTraffic} generator posting NDJSON batches over HTTP to the
 * server's own {@code /v1/events}, paced to a rate, on one background thread. A failed batch is
 * logged and the next one tried, so a demo survives a hiccup; {@link #stop()} ends it.
 */
public final class DemoTraffic {
  private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
  private final SyntheticTraffic traffic;
  private final EventPoster poster;
  private final Pacer pacer;
  private final int batch;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private volatile boolean running = true;

  public DemoTraffic(
      SyntheticTraffic traffic, EventPoster poster, double rate, InstantSource clock) {
    this.traffic = traffic;
    this.poster = poster;
    this.pacer = new Pacer(rate, clock);
    this.batch = pacer.chunkSize(1_000);
    this.thread = new Thread(this::run, "mercato-demo-traffic");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public long sent() {
    return sent.get();
  }

  public long accepted() {
    return accepted.get();
  }

  public long failedBatches() {
    return failedBatches.get();
  }

  /**
   * Stops after the batch in flight (so that {@link #sent()} and {@link #accepted()} agree with the
   * server), interrupting it if it takes more than a few seconds.
   */
  public void stop() throws InterruptedException {
    running = false;
    synchronized (this) {
      notifyAll(); // cut short a pause between batches
    }
    thread.join(3_000);
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(2_000);
    }
  }

  /** Waits for the pacer's next slot, waking early when stopped. */
  private void pause() throws InterruptedException {
    long due = pacer.delayMillis(batch);
    if (due > 0) {
      synchronized (this) {
        if (running) {
          wait(due);
        }
      }
    }
  }

  private void run() {
    while (running) {
      try {
        pause();
        if (!running) {
          return;
        }
        byte[] body = traffic.nextNdjson(batch);
        sent.addAndGet(batch);
        PostResult r = poster.post(body);
        accepted.addAndGet(r.accepted());
        if (!r.rejected().isEmpty()) {
          LOG.warn(
              "{} generated events were rejected, e.g. {}",
              r.rejected().size(),
              r.rejected().get(0).errors());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failedBatches.incrementAndGet();
        LOG.warn("demo batch failed: {}", e.getMessage());
        try {
          synchronized (this) {
            wait(1_000);
          }
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }
}
