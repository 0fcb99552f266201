package io.mercato.ml.serving;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The model a strategy serves, swapped atomically while requests score: a request sees the old model
 * or the new one, whole, and a model held in native memory is closed only once the last request using
 * it has finished (reference counting), never under a request's feet.
 *
 * <p>{@link #use} takes a lease on the current model for the duration of the function; {@link #swap}
 * installs a new model and retires the previous one, which is closed when its last lease ends (at once
 * if none is held). Thread-safe and lock-free.
 *
 * @param <M> the model; {@link AutoCloseable#close} frees it
 */
public final class ModelSlot<M extends AutoCloseable> {
  private final AtomicReference<Lease<M>> current = new AtomicReference<>();

  /** An empty slot. */
  public ModelSlot() {}

  /** The model now installed, or empty. Without a lease: for reading its metadata, not for scoring. */
  public Optional<M> peek() {
    Lease<M> l = current.get();
    return l == null ? Optional.empty() : Optional.of(l.model);
  }

  /**
   * Applies {@code f} to the current model under a lease, or returns empty when no model is
   * installed. {@code f} must not keep the model beyond its return.
   */
  public <T> Optional<T> use(Function<M, T> f) {
    while (true) {
      Lease<M> l = current.get();
      if (l == null) {
        return Optional.empty();
      }
      if (l.acquire()) {
        try {
          return Optional.ofNullable(f.apply(l.model));
        } finally {
          l.release();
        }
      }
      // the lease was retired between get() and acquire(): the slot holds a newer model, try again
    }
  }

  /** Installs {@code model} (non-null) and retires the previous one, if any. */
  public void swap(M model) {
    Lease<M> old = current.getAndSet(new Lease<>(Objects.requireNonNull(model, "model")));
    if (old != null) {
      old.retire();
    }
  }

  /** Empties the slot and retires its model (closing it once unused). */
  public void clear() {
    Lease<M> old = current.getAndSet(null);
    if (old != null) {
      old.retire();
    }
  }

  /**
   * A model and its lease count. The count is 1 while installed (the slot's own hold) plus one per
   * request; retiring drops the slot's hold, and whoever brings the count to 0 closes the model. A
   * count of 0 is final: {@link #acquire} then fails, so a retired model is never used again.
   */
  private static final class Lease<M extends AutoCloseable> {
    final M model;
    final AtomicInteger holds = new AtomicInteger(1);

    Lease(M model) {
      this.model = model;
    }

    boolean acquire() {
      while (true) {
        int h = holds.get();
        if (h == 0) {
          return false;
        }
        if (holds.compareAndSet(h, h + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (holds.decrementAndGet() == 0) {
        close();
      }
    }

    void retire() {
      release();
    }

    private void close() {
      try {
        model.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing a retired model failed: " + e.getMessage(), e);
      }
    }
  }
}
