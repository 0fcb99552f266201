package io.mercato.engine.shard;

import io.mercato.core.event.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-writer partition of engine state: one thread applies, in queue order, the event batches
 * and tasks submitted to it, so per-key order equals submission order and the state needs no locks.
 *
 * <p>Capacity is counted in events with a semaphore that callers reserve <em>before</em> they
 * journal a batch ({@link #tryReserve}); {@link #submit} then never blocks, and a full shard turns
 * into backpressure before anything is recorded. Tasks (reads, snapshot barriers) are not counted:
 * they are few and must get through even when the shard is full.
 *
 * @param <S> the state the shard owns
 */
public final class Shard<S> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  private static final Object STOP = new Object();

  private final int id;
  private final S state;
  private final BiConsumer<S, Event> applier;
  private final Semaphore permits;
  private final int capacity;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile long appliedSequence;

  /**
   * @param applier         folds one event into the state; runs on the shard thread only
   * @param capacity        events that may be queued
   * @param appliedSequence journal sequence already reflected in {@code state}
   */
  public Shard(int id, S state, BiConsumer<S, Event> applier, int capacity, long appliedSequence) {
    this("mercato-shard-" + id, id, state, applier, capacity, appliedSequence);
  }

  /** A shard whose thread has the given name (for single-writer state that is not a user shard). */
  public Shard(
      String threadName,
      int id,
      S state,
      BiConsumer<S, Event> applier,
      int capacity,
      long appliedSequence) {
    this.id = id;
    this.state = state;
    this.applier = applier;
    this.capacity = capacity;
    this.permits = new Semaphore(capacity);
    this.appliedSequence = appliedSequence;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public int id() {
    return id;
  }

  /** Reserves room for {@code events} events; false when the queue is too full. */
  public boolean tryReserve(int events) {
    return events == 0 || permits.tryAcquire(events);
  }

  /** Returns reserved room that will not be used. */
  public void release(int events) {
    if (events > 0) {
      permits.release(events);
    }
  }

  /** Events queued or being applied. */
  public int queued() {
    return capacity - permits.availablePermits();
  }

  /**
   * Enqueues a batch whose room was reserved with {@link #tryReserve}.
   *
   * @param lastSequence the journal sequence of the batch's last event
   */
  public void submit(List<Event> events, long lastSequence) {
    queue.add(new Batch(events, lastSequence));
  }

  /** Runs {@code task} on the shard thread after everything submitted before it. */
  public <T> CompletableFuture<T> ask(Function<S, T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    queue.add(new Task<>(task, f));
    return f;
  }

  /** Highest journal sequence whose batch this shard has applied. */
  public long appliedSequence() {
    return appliedSequence;
  }

  /**
   * Waits until this shard has applied everything up to journal sequence {@code sequence}, at most
   * {@code timeoutNanos}.
   *
   * @return true when it has; false on timeout (the caller then answers from slightly older state)
   */
  public boolean awaitApplied(long sequence, long timeoutNanos) {
    if (appliedSequence >= sequence) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    // Polling with a short park: the wait is usually a fraction of a millisecond (one batch), and a
    // per-sequence condition would cost every batch a signal even when nobody waits.
    while (appliedSequence < sequence) {
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(20_000);
    }
    return true;
  }

  private void run() {
    try {
      while (true) {
        Object m = queue.take();
        if (m == STOP) {
          return;
        }
        if (m instanceof Batch b) {
          try {
            for (Event e : b.events) {
              applier.accept(state, e);
            }
          } catch (RuntimeException e) {
            // An aggregate bug must not kill the shard: the event is in the journal and counted by
            // the shards that did not fail; the error is loud in the log.
            LOG.error(
                "shard {} failed to apply a batch ending at sequence {}", id, b.lastSequence, e);
          } finally {
            appliedSequence = b.lastSequence;
            permits.release(b.events.size());
          }
        } else if (m instanceof Task<?, ?> t) {
          @SuppressWarnings("unchecked")
          Task<S, ?> task = (Task<S, ?>) t;
          task.run(state);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the thread after it has drained everything submitted before. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Batch(List<Event> events, long lastSequence) {}

  private record Task<S, T>(Function<S, T> fn, CompletableFuture<T> future) {
    void run(S s) {
      try {
        future.complete(fn.apply(s));
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }
  }
}
