package io.mercato.core.experiment;

import java.util.List;
import java.util.Optional;

/**
 * Where experiment definitions are kept durably, every version of them (the port; a relational
 * implementation lives in {@code mercato-store}). Versions are append-only: a write adds version
 * {@code latest + 1} and never changes an older one, so the audit of what ran when stays complete.
 * Every write is committed before it returns; reads see every write that returned.
 *
 * <p>Failures of the underlying store are {@link ExperimentStoreException}s; after one, nothing of
 * the failed write is visible. Implementations are thread-safe.
 */
public interface ExperimentRepository extends AutoCloseable {
  /**
   * Adds {@code definition} as the next version of its key.
   *
   * @throws ExperimentVersionConflictException when {@code definition.version()} is not the latest
   *                                            stored version + 1 (1 for a new key): another writer
   *                                            got in first, or the caller read an old version;
   *                                            nothing is stored
   */
  void put(ExperimentDefinition definition);

  /** The newest version stored of {@code key}, or 0 when there is none. */
  int latestVersion(String key);

  /** The newest version of {@code key}, if any. */
  Optional<ExperimentDefinition> latest(String key);

  /** Version {@code version} of {@code key}, if stored. */
  Optional<ExperimentDefinition> version(String key, int version);

  /** Every version of {@code key}, oldest first; empty for an unknown key. */
  List<ExperimentDefinition> versions(String key);

  /** The newest version of every experiment, in key order. */
  List<ExperimentDefinition> latestOfEach();

  /** Releases the store. */
  @Override
  void close();
}
