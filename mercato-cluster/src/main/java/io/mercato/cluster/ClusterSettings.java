package io.mercato.cluster;

import io.mercato.core.config.AggregateSettings;
import io.mercato.core.event.EventLimits;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.time.EffectiveTime;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.time.Duration;
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
 * @param maxLead           {@code stats.max-lead}: the node counts the events it accepts whose timestamp
 *                          is further ahead of their arrival ({@code mercato_events_clock_skewed_total});
 *                          the job applies the same bound (see {@link EffectiveTime})
 */
public record ClusterSettings(
    KafkaSettings kafka,
    RedisConfig redis,
    KeyedAggregates layout,
    double ratePriorStrength,
    EventLimits limits,
    DatabaseConfig db,
    RecoConfig reco,
    Duration maxLead) {
  /** Settings with the default recommendation settings and max lead. */
  public ClusterSettings(
      KafkaSettings kafka,
      RedisConfig redis,
      KeyedAggregates layout,
      double ratePriorStrength,
      EventLimits limits,
      DatabaseConfig db) {
    this(kafka, redis, layout, ratePriorStrength, limits, db, RecoConfig.defaults());
  }

  /** Settings with the default max lead ({@link EffectiveTime#DEFAULT_MAX_LEAD}). */
  public ClusterSettings(
      KafkaSettings kafka,
      RedisConfig redis,
      KeyedAggregates layout,
      double ratePriorStrength,
      EventLimits limits,
      DatabaseConfig db,
      RecoConfig reco) {
    this(kafka, redis, layout, ratePriorStrength, limits, db, reco, EffectiveTime.DEFAULT_MAX_LEAD);
  }

  /**
   * The API node's view of the configuration tree: the shared aggregate settings ({@code stats.*},
   * {@code profile.*}, {@code limits.*}, {@code redis.global-partitions}) as the Flink job takes them, so
   * the two cannot be assembled differently.
   */
  public static ClusterSettings of(
      KafkaSettings kafka,
      RedisConfig redis,
      AggregateSettings aggregates,
      DatabaseConfig db,
      RecoConfig reco) {
    return new ClusterSettings(
        kafka,
        redis,
        aggregates.keyedAggregates(),
        aggregates.stats().ratePriorStrength(),
        aggregates.limits(),
        db,
        reco,
        aggregates.stats().maxLead());
  }

  public ClusterSettings {
    Objects.requireNonNull(maxLead, "maxLead");
    Objects.requireNonNull(reco, "reco");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(db, "db");
    if (db.url().isBlank()) {
      throw new IllegalArgumentException(
          "db.url is required in cluster mode (every API node must share one "
              + "campaign database), e.g. jdbc:postgresql://db:5432/mercato");
    }
  }
}
