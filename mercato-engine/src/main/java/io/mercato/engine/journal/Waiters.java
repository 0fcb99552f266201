package io.mercato.engine.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Futures waiting for a sequence to become durable, ordered by sequence. Futures are completed outside
 * the lock so that callbacks run by {@code complete} cannot deadlock with the journal.
 */
final class Waiters {

  private record Waiter(long sequence, CompletableFuture<Void> future) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Waiter> queue =
      new PriorityQueue<>(Comparator.comparingLong(Waiter::sequence));

  /**
   * A future for {@code sequence}: already complete if {@code durable} covers it, already failed if
   * {@code failure} is set, otherwise pending. Both suppliers are read under the lock, and
   * {@link #completeUpTo}/{@link #failAll} are called after they change, so no waiter is missed.
   */
  CompletableFuture<Void> await(long sequence, LongSupplier durable, Supplier<Throwable> failure) {
    lock.lock();
    try {
      if (sequence <= durable.getAsLong()) {
        return CompletableFuture.completedFuture(null);
      }
      Throwable failed = failure.get();
      if (failed != null) {
        return CompletableFuture.failedFuture(notDurable(sequence, failed));
      }
      CompletableFuture<Void> future = new CompletableFuture<>();
      queue.add(new Waiter(sequence, future));
      return future;
    } finally {
      lock.unlock();
    }
  }

  /** Completes every waiter with a sequence of at most {@code durable}. */
  void completeUpTo(long durable) {
    List<Waiter> done;
    lock.lock();
    try {
      if (queue.isEmpty() || queue.peek().sequence > durable) {
        return;
      }
      done = new ArrayList<>();
      while (!queue.isEmpty() && queue.peek().sequence <= durable) {
        done.add(queue.poll());
      }
    } finally {
      lock.unlock();
    }
    for (Waiter w : done) {
      w.future.complete(null);
    }
  }

  /** Fails every remaining waiter. */
  void failAll(Throwable failure) {
    List<Waiter> failed;
    lock.lock();
    try {
      failed = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Waiter w : failed) {
      w.future.completeExceptionally(notDurable(w.sequence, failure));
    }
  }

  private static JournalFailedException notDurable(long sequence, Throwable failure) {
    return new JournalFailedException(
        "journal record " + sequence + " is not durable: the journal has failed", failure);
  }
}
