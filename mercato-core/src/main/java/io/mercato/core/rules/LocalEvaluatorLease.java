package io.mercato.core.rules;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The embedded runtime's lease: one process, so the lease is a name held by at most one holder in
 * this JVM (two engines on one data directory in one JVM, as tests do, still get one evaluator).
 * Thread-safe.
 */
public final class LocalEvaluatorLease implements EvaluatorLease {
  private static final ConcurrentMap<String, LocalEvaluatorLease> HOLDERS =
      new ConcurrentHashMap<>();

  private final String name;
  private volatile boolean held;

  /** @param name what is leased, e.g. the data directory's absolute path */
  public LocalEvaluatorLease(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public boolean tryAcquire() {
    held = HOLDERS.putIfAbsent(name, this) == null || HOLDERS.get(name) == this;
    return held;
  }

  @Override
  public boolean held() {
    return held;
  }

  @Override
  public void release() {
    held = false;
    HOLDERS.remove(name, this);
  }

  @Override
  public void close() {
    release();
  }
}
