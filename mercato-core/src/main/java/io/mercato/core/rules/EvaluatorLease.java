package io.mercato.core.rules;

/**
 * The right to run rule evaluation cycles, held by at most one evaluator at a time (ARCHITECTURE.md:
 * exactly one evaluator, whatever the number of API nodes). An evaluator calls {@link #tryAcquire()}
 * before every cycle and runs the cycle only when it returns true; when it returns false after
 * true, the lease was lost (call {@link RuleEvaluator#reset()} before evaluating again).
 *
 * <p>What a lease cannot promise alone is that a holder that lost it without noticing (a stalled
 * process) does nothing more: every commit is therefore also checked against the values it was
 * planned from, so a change planned twice is applied once.
 */
public interface EvaluatorLease extends AutoCloseable {
  /** Takes the lease if free, or confirms it is still held; false when another holder has it. */
  boolean tryAcquire();

  /** True when this holder had the lease at its last {@link #tryAcquire()}. */
  boolean held();

  /** Gives the lease up (another may take it at once). Idempotent. */
  void release();

  /** Releases the lease and any resource behind it. */
  @Override
  void close();
}
