package io.mercato.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code engine:} section: where data lives and how work is split. The journal, snapshot, dedup
 * and limits sections are top-level siblings (see {@link MercatoConfig}).
 *
 * @param dataDir       directory of the journal, snapshots and dead letters; a relative path is
 *                      resolved against the working directory (default {@code mercato-data})
 * @param shards        single-writer shards; 0 means one per available core (default 0)
 * @param queueCapacity events that may wait per shard before ingestion answers 503 (default 65,536)
 */
public record EngineSection(Path dataDir, int shards, int queueCapacity) {
  public EngineSection {
    Objects.requireNonNull(dataDir, "data-dir must be set");
    if (shards < 0) {
      throw new IllegalArgumentException("shards must not be negative but was " + shards);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "queue-capacity must be positive but was " + queueCapacity);
    }
  }

  public static EngineSection defaults() {
    return new EngineSection(Path.of("mercato-data"), 0, 65_536);
  }

  public EngineSection withDataDir(Path dir) {
    return new EngineSection(dir, shards, queueCapacity);
  }
}
