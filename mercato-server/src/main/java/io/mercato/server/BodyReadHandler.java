package io.mercato.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Receives every request body in full, without holding a thread, before the request reaches
 * Javalin: the route handlers read bodies with blocking streams, and about 250 clients sending one
 * byte every 2 s once held all 250 server threads, so {@code /health} stopped answering.
 *
 * <p>The body is read with Jetty's non-blocking {@link Content.Source#asByteArrayAsync} (a thread
 * works only while bytes arrive; a waiting body costs a connection and its bytes so far), then the
 * request goes on with the body in memory, so the handlers' reads never block. Limits, each answered
 * with problem+json and {@code Connection: close}:
 * <ul>
 *   <li>a body not complete within {@code bodyTimeout} of its start (the handler's call), or a pause
 *       longer than the connector's idle timeout: 408 {@code request-timeout};</li>
 *   <li>a body counted past {@code maxBodyBytes} while it streams in: 413 {@code body-too-large} (one that
 *       declares more is passed on unread, and the route refuses it with the same 413);</li>
 *   <li>more than {@code maxConcurrentBodies} bodies being received at once: 503 {@code overloaded}
 *       with {@code Retry-After: 1}, at once. This bounds the memory of bodies in flight to
 *       {@code maxConcurrentBodies × maxBodyBytes}, and slow senders cannot take more.</li>
 * </ul>
 * Requests without a body (Content-Length 0 or absent, not chunked), such as {@code /health} and
 * {@code /ready}, pass straight through. Every refusal is counted in
 * {@code mercato_http_bodies_refused_total{reason=timeout|too_large|busy|unreadable}}.
 *
 * <p>Jetty's own {@code EagerContentHandler} does the same deferral but retains the network buffers
 * of every chunk (a trickled body would pin one buffer per byte received); this handler copies into
 * one growing array and releases each chunk at once.
 */
final class BodyReadHandler extends Handler.Wrapper {
  private final int maxBodyBytes;
  private final Duration bodyTimeout;
  private final Semaphore slots;
  private final int maxConcurrentBodies;
  private final Counter timeouts;
  private final Counter tooLarge;
  private final Counter busy;
  private final Counter unreadable;

  BodyReadHandler(
      int maxBodyBytes, Duration bodyTimeout, int maxConcurrentBodies, MeterRegistry meters) {
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeout = Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    this.maxConcurrentBodies = maxConcurrentBodies;
    this.slots = new Semaphore(maxConcurrentBodies);
    this.timeouts = refusals(meters, "timeout");
    this.tooLarge = refusals(meters, "too_large");
    this.busy = refusals(meters, "busy");
    this.unreadable = refusals(meters, "unreadable");
  }

  private static Counter refusals(MeterRegistry meters, String reason) {
    return Counter.builder("mercato.http.bodies.refused")
        .description(
            "Requests answered before their body was read: timeout (408), too_large (413), busy (503), "
                + "unreadable (400: the client broke off)")
        .tag("reason", reason)
        .register(meters);
  }

  /** Bodies being received now (for tests and metrics). */
  int inFlight() {
    return maxConcurrentBodies - slots.availablePermits();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long declared = request.getLength();
    boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (declared <= 0 && !chunked) {
      return super.handle(request, response, callback);
    }
    if (declared > maxBodyBytes) {
      // Refused by the route before a byte is read, as it always was: answering here and closing at
      // once
      // would reset the connection under a client still sending, which then sees no answer at all.
      tooLarge.increment();
      return super.handle(request, response, callback);
    }
    String path = Request.getPathInContext(request);
    if (!slots.tryAcquire()) {
      busy.increment();
      JettyProblems.send(response, callback, busyProblem(), path, true);
      return true;
    }
    new BodyRead(request, response, callback, path).start();
    return true;
  }

  private Problem busyProblem() {
    return new Problem(
            503,
            Problems.TYPE_BASE + "overloaded",
            "Too many request bodies in flight",
            "the server is receiving "
                + maxConcurrentBodies
                + " request bodies already (server.max-concurrent-bodies); "
                + "nothing of this request was read or recorded. Retry later")
        .with("retry_after_seconds", 1L)
        .withHeader("Retry-After", "1");
  }

  private Problem timeoutProblem() {
    return new Problem(
            408,
            Problems.TYPE_BASE + "request-timeout",
            "Request body timeout",
            "the request body did not arrive within "
                + seconds(bodyTimeout)
                + " (server.body-timeout), or "
                + "stalled for longer than the idle timeout (server.idle-timeout); nothing of this request was recorded")
        .with("body_timeout_seconds", bodyTimeout.toSeconds());
  }

  /** E.g. {@code 30s}, or {@code 1500ms} when not whole seconds. */
  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** One body being received: its deadline, its byte count and who finishes first. */
  private final class BodyRead implements Promise.Invocable<byte[]> {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String path;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private Scheduler.Task deadline;
    private long received;

    BodyRead(Request request, Response response, Callback callback, String path) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.path = path;
    }

    void start() {
      deadline = request.getComponents().getScheduler().schedule(this::expire, bodyTimeout);
      Content.Source.asByteArrayAsync(new Limited(), -1, this);
    }

    private void expire() {
      if (!finished.get()) {
        expired.set(true);
        // Fails the pending read: the reader is called back with this failure (see failed).
        request.fail(new TimeoutException("request body not received within " + bodyTimeout));
      }
    }

    @Override
    public void succeeded(byte[] body) {
      if (!finish()) {
        return;
      }
      Request buffered = new Buffered(request, body);
      try {
        if (!BodyReadHandler.super.handle(buffered, response, callback)) {
          JettyProblems.send(
              response,
              callback,
              Problems.fromFramework(404, request.getMethod(), path),
              path,
              false);
        }
      } catch (Throwable x) {
        callback.failed(x);
      }
    }

    @Override
    public void failed(Throwable x) {
      if (!finish()) {
        return;
      }
      Problem p;
      if (x instanceof BodyTooLargeException b) {
        tooLarge.increment();
        p = Problems.of(b, "", path);
      } else if (expired.get() || x instanceof TimeoutException) {
        timeouts.increment();
        p = timeoutProblem();
      } else {
        unreadable.increment();
        p =
            new Problem(
                400,
                Problems.TYPE_BASE + "unreadable-body",
                "Unreadable request body",
                "the request body ended early or could not be read; nothing of this request was recorded");
      }
      JettyProblems.send(response, callback, p, path, true);
    }

    /** True for the first of success and failure; frees the slot and the deadline. */
    private boolean finish() {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      deadline.cancel();
      slots.release();
      return true;
    }

    @Override
    public InvocationType getInvocationType() {
      // succeeded() runs the route handler, which may block.
      return Invocable.InvocationType.BLOCKING;
    }

    /** The request's content, failed with {@link BodyTooLargeException} past the limit. */
    private final class Limited implements Content.Source {
      @Override
      public Content.Chunk read() {
        Content.Chunk chunk = request.read();
        if (chunk == null || Content.Chunk.isFailure(chunk)) {
          return chunk;
        }
        received += chunk.remaining();
        if (received > maxBodyBytes) {
          chunk.release();
          return Content.Chunk.from(new BodyTooLargeException(maxBodyBytes, -1), true);
        }
        return chunk;
      }

      @Override
      public void demand(Runnable demandCallback) {
        request.demand(demandCallback);
      }

      @Override
      public void fail(Throwable failure) {
        request.fail(failure);
      }
    }
  }

  /** The request with its body already in memory: reads never wait. */
  private static final class Buffered extends Request.Wrapper {
    private final AtomicReference<Content.Chunk> next;

    Buffered(Request request, byte[] body) {
      super(request);
      this.next = new AtomicReference<>(Content.Chunk.from(ByteBuffer.wrap(body), true));
    }

    @Override
    public Content.Chunk read() {
      return next.getAndSet(Content.Chunk.EOF);
    }

    @Override
    public void demand(Runnable demandCallback) {
      // Content is always available; run the callback as Jetty would, not on the caller's stack.
      getContext().execute(demandCallback);
    }

    @Override
    public boolean consumeAvailable() {
      next.set(Content.Chunk.EOF);
      return true;
    }
  }
}
