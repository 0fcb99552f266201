package io.mercato.bench.harness;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate}, and is sent
 * then whether or not earlier requests have been answered. Latency is measured from that
 * <em>intended</em> send time to the arrival of the response, so a stall on either side shows as
 * latency of every request that was due during it, not as requests that were never sent (the
 * coordinated omission of closed-loop generators, which wait for an answer before asking again).
 *
 * <p>The pacer thread parks until each due time; when it wakes late (scheduling, GC) it sends the
 * overdue requests at once and the lateness is recorded as <em>send lag</em>, so one can tell a
 * generator that kept up from one that did not. In flight is capped (a safety valve against
 * unbounded connections when the server stops answering); waiting for that cap also shows as send
 * lag, and the latency still counts from the intended time.
 *
 * <p>Counters and histograms are read in intervals ({@link #interval()}), so one running generator
 * can be measured over several phases. Thread-safe for one pacer and any number of completions.
 */
final class OpenLoop {
  private static final long MAX_NANOS = 60_000_000_000L;

  /** What {@code check} returns for a failed response. */
  static final long ERROR = -1;

  /** What {@code check} returns for a response that refused the request on purpose (backpressure). */
  static final long REFUSED = -2;

  /**
   * What happened between two {@link #interval()} calls.
   *
   * @param latency  intended send time → response, ns, for successful responses
   * @param sendLag  actual − intended send time, ns, for every request sent
   * @param ok       responses {@code check} accepted
   * @param refused  responses {@code check} called {@link #REFUSED}
   * @param errors   failed exchanges and responses {@code check} called {@link #ERROR}
   * @param units    sum of {@code check}'s values (e.g. events accepted)
   * @param seconds  length of the interval
   */
  record Interval(
      Histogram latency,
      Histogram sendLag,
      long sent,
      long ok,
      long refused,
      long errors,
      long units,
      double seconds) {}

  private final String name;
  private final HttpClient client;
  private final double intervalNanos;
  private final LongFunction<HttpRequest> request;
  private final ToLongFunction<HttpResponse<String>> check;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final Recorder latency = new Recorder(MAX_NANOS, 3);
  private final Recorder sendLag = new Recorder(MAX_NANOS, 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong units = new AtomicLong();

  /** The first failure, to say what went wrong; null while there was none. */
  private final AtomicReference<String> firstError = new AtomicReference<>();

  private final AtomicLong peakInFlight = new AtomicLong();
  private Thread pacer;
  private volatile boolean stopped;
  private long intervalStart;
  private long sentBefore;
  private long okBefore;
  private long refusedBefore;
  private long errorsBefore;
  private long unitsBefore;

  /**
   * @param perSecond   requests per second, &gt; 0
   * @param request     the {@code i}-th request (0-based); called on the pacer thread
   * @param check       a response's worth: ≥ 0 counts it as ok and adds the value to the units; else
   *                    {@link #REFUSED} or {@link #ERROR}; runs on the client's executor
   * @param maxInFlight requests outstanding at most
   */
  OpenLoop(
      String name,
      HttpClient client,
      double perSecond,
      LongFunction<HttpRequest> request,
      ToLongFunction<HttpResponse<String>> check,
      int maxInFlight) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive but was " + perSecond);
    }
    this.name = name;
    this.client = client;
    this.intervalNanos = 1e9 / perSecond;
    this.request = request;
    this.check = check;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Starts pacing now; the first interval begins here. */
  void start() {
    intervalStart = System.nanoTime();
    pacer = new Thread(() -> pace(intervalStart), name);
    pacer.setDaemon(true);
    pacer.start();
  }

  private void pace(long start) {
    for (long i = 0; !stopped; i++) {
      long due = start + (long) (i * intervalNanos);
      long wait;
      while (!stopped && (wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (stopped) {
        return;
      }
      HttpRequest req = request.apply(i);
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      peakInFlight.accumulateAndGet(maxInFlight - inFlight.availablePermits(), Math::max);
      sendLag.recordValue(Math.min(Math.max(0, System.nanoTime() - due), MAX_NANOS));
      sent.incrementAndGet();
      client
          .sendAsync(req, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (resp, err) -> {
                long took = System.nanoTime() - due;
                long v = err != null ? ERROR : check.applyAsLong(resp);
                if (v >= 0) {
                  latency.recordValue(Math.min(took, MAX_NANOS));
                  ok.incrementAndGet();
                  units.addAndGet(v);
                } else if (v == REFUSED) {
                  refused.incrementAndGet();
                } else {
                  errors.incrementAndGet();
                  firstError.compareAndSet(
                      null,
                      err != null
                          ? err.toString()
                          : resp.statusCode()
                              + " "
                              + resp.body().substring(0, Math.min(300, resp.body().length())));
                }
                inFlight.release();
              });
    }
  }

  /** Counts and histograms since the previous call (or {@link #start}); responses still due count later. */
  synchronized Interval interval() {
    long now = System.nanoTime();
    long s = sent.get();
    long o = ok.get();
    long f = refused.get();
    long e = errors.get();
    long u = units.get();
    Interval r =
        new Interval(
            latency.getIntervalHistogram(),
            sendLag.getIntervalHistogram(),
            s - sentBefore,
            o - okBefore,
            f - refusedBefore,
            e - errorsBefore,
            u - unitsBefore,
            (now - intervalStart) / 1e9);
    intervalStart = now;
    sentBefore = s;
    okBefore = o;
    refusedBefore = f;
    errorsBefore = e;
    unitsBefore = u;
    return r;
  }

  /** Stops sending and waits (up to a minute) for the requests in flight to complete. */
  void stop() throws InterruptedException {
    stopped = true;
    LockSupport.unpark(pacer);
    pacer.join();
    if (!inFlight.tryAcquire(maxInFlight, 1, TimeUnit.MINUTES)) {
      throw new IllegalStateException(name + ": requests still in flight a minute after stopping");
    }
    inFlight.release(maxInFlight);
  }

  /** The first failure seen, or null. */
  String firstError() {
    return firstError.get();
  }

  /** Most requests outstanding at once so far. */
  long peakInFlight() {
    return peakInFlight.get();
  }
}
