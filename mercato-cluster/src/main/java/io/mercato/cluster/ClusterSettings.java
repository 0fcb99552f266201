package io.mercato.cluster;

import io.mercato.core.event.EventLimits;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.util.Objects;

/**
 * Everything an API node needs. {@code layout} (windows, lateness, composites, profile settings,
 * global partitions) must equal the Flink job's, or the node decodes the job's bytes with the wrong
 * shape.
 *
 * @param kafka             the events and dead-letter topics
 * @param redis             where the Flink job writes the aggregates
 * @param layout            the keyed aggregates the job keeps
 * @param ratePriorStrength pseudo-trials of the rate smoothing prior ({@code stats.rate-prior-strength})
 * @param limits            event validation limits, as the job validates again
 * @param db                the shared campaign database; required (a node-local database would
 *                          give every node its own campaigns)
 * @param reco              the recommendation settings; must equal the Flink job's ({@code reco.*}),
 *                          whose recommendation writer's values the node reads
 */
public record ClusterSettings(KafkaSettings kafka, RedisConfig redis, KeyedAggregates layout, double ratePriorStrength,
    EventLimits limits, DatabaseConfig db, RecoConfig reco) {
  /** Settings with the default recommendation settings. */
  public ClusterSettings(KafkaSettings kafka, RedisConfig redis, KeyedAggregates layout, double ratePriorStrength,
      EventLimits limits, DatabaseConfig db) {
    this(kafka, redis, layout, ratePriorStrength, limits, db, RecoConfig.defaults());
  }

  public ClusterSettings {
    Objects.requireNonNull(reco, "reco");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(db, "db");
    if (db.url().isBlank()) {
      throw new IllegalArgumentException("db.url is required in cluster mode (every API node must share one "
          + "campaign database), e.g. jdbc:postgresql://db:5432/mercato");
    }
  }
}
