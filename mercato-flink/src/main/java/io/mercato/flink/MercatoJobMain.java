package io.mercato.flink;

import io.mercato.core.config.AggregateSettings;
import io.mercato.core.stats.StatsConfig;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisKeys;
import io.mercato.store.sql.DatabaseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * Command-line entry point of the job, for {@code flink run mercato-flink-job.jar …} and for
 * {@code --local} runs in an embedded MiniCluster ({@code mercato flink-job --local …}).
 *
 * <pre>
 * --kafka HOST:PORT            Kafka bootstrap servers (required)
 * --redis redis://HOST:PORT    Redis URI; several comma-separated seed URIs with --redis-cluster (required)
 * --redis-cluster              the URIs name a Redis Cluster
 * --redis-prefix P             key prefix (default mercato)
 * --redis-ttl D                expiry of inactive non-global keys, also their Flink state TTL (default 30d)
 * --parallelism N              (default 2)
 * --state-backend heap|rocksdb (default heap)
 * --checkpoint-dir DIR|URI     checkpoint storage (default: the Flink cluster's execution.checkpointing.dir;
 *                              without one, JobManager memory, which refuses state over 5 MB)
 * --checkpoint-interval D      (default 10s)
 * --restore-from PATH          checkpoint or savepoint to resume from
 * --topic T                    events topic (default mercato.events)
 * --dead-letter-topic T        (default mercato.events.dead)
 * --group-id G                 (default mercato-flink)
 * --flush-interval D           aggregate coalescing tick and Redis buffer time (default 100ms)
 * --idleness D                 idle-source timeout, 0 to disable (default 5s)
 * --windows LIST               statistics windows (default 1m,10m,1h,24h,7d)
 * --allowed-lateness D         (default 10m)
 * --max-lead D                 how far ahead of its acceptance an event may count (default 1m)
 * --composite-keys LIST        (default campaign_id+category,ad_id+attributes.placement)
 * --dedup-horizon D            (default 24h)
 * --global-partitions N        (default 4)
 * --db JDBC-URL                the campaign database of the API nodes, for campaign KPIs and ad statistics
 *                              (user and password from MERCATO_DB_USER / MERCATO_DB_PASSWORD); without
 *                              it the job keeps no campaign statistics
 * --local                      run in an embedded MiniCluster and block until it ends
 * </pre>
 *
 * Durations are a number and a unit ({@code ms s m h d}) or ISO-8601 ({@code PT10S}). The windows,
 * lateness, max lead, composites and dedup horizon must equal the API nodes' (and embedded engine's)
 * settings.
 */
public final class MercatoJobMain {
  private MercatoJobMain() {}

  public static void main(String[] args) throws Exception {
    Parsed p;
    try {
      p = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mercato-flink: " + e.getMessage());
      System.err.println(
          "usage: --kafka HOST:PORT --redis redis://HOST:PORT [--redis-cluster] [--parallelism 2] "
              + "[--state-backend heap|rocksdb] [--checkpoint-dir DIR] [--checkpoint-interval 10s] [--topic T] "
              + "[--group-id G] [--restore-from PATH] [--local] (see MercatoJobMain's Javadoc for all options)");
      System.exit(2);
      return;
    }
    if (p.local()) {
      try (RunningJob job = MercatoJob.runLocal(p.config())) {
        Runtime.getRuntime().addShutdownHook(new Thread(job::close, "mercato-flink-stop"));
        job.await();
      }
    } else {
      var env = MercatoJob.environment(p.config(), false, new Configuration());
      MercatoJob.buildOnKafka(env, p.config());
      env.execute(MercatoJob.NAME);
    }
  }

  /** Parsed command line: the configuration and whether to run locally. */
  public record Parsed(JobConfig config, boolean local) {}

  /**
   * Parses the flags above.
   *
   * @throws IllegalArgumentException naming the bad or missing flag
   */
  public static Parsed parse(String... args) {
    String kafka = null;
    String redis = null;
    boolean redisCluster = false;
    boolean local = false;
    String prefix = RedisKeys.DEFAULT_PREFIX;
    Duration redisTtl = RedisConfig.DEFAULT_TTL;
    // The defaults of the one configuration tree (AggregateSettings), which the API nodes share.
    AggregateSettings defaults = AggregateSettings.defaults();
    StatsConfig stats = defaults.stats();
    String windows = stats.windows();
    Duration lateness = stats.allowedLateness();
    Duration maxLead = stats.maxLead();
    String composites = stats.compositeKeys();
    Duration dedupHorizon = defaults.dedupHorizon();
    int globalPartitions = defaults.globalPartitions();
    JobConfig.Builder b = JobConfig.builder("redis://unset:0");
    List<String> list = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < list.size(); i++) {
      String flag = list.get(i);
      String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
      switch (name) {
        case "--local" -> local = true;
        case "--redis-cluster" -> redisCluster = true;
        default -> {
          String v;
          if (flag.contains("=")) {
            v = flag.substring(flag.indexOf('=') + 1);
          } else {
            if (i + 1 >= list.size()) {
              throw new IllegalArgumentException(flag + " needs a value");
            }
            v = list.get(++i);
          }
          switch (name) {
            case "--kafka" -> kafka = v;
            case "--redis" -> redis = v;
            case "--redis-prefix" -> prefix = v;
            case "--redis-ttl" -> redisTtl = duration(name, v);
            case "--parallelism" -> b.parallelism(integer(name, v));
            case "--state-backend" -> b.stateBackend(JobConfig.StateBackend.parse(v));
            case "--checkpoint-dir" -> b.checkpointDir(v);
            case "--checkpoint-interval" -> b.checkpointInterval(duration(name, v));
            case "--restore-from" -> b.restoreFrom(v);
            case "--topic" -> b.topic(v);
            case "--dead-letter-topic" -> b.deadLetterTopic(v);
            case "--group-id" -> b.groupId(v);
            case "--flush-interval" -> b.flushInterval(duration(name, v));
            case "--idleness" -> b.idleness(duration(name, v));
            case "--windows" -> windows = v;
            case "--allowed-lateness" -> lateness = duration(name, v);
            case "--max-lead" -> maxLead = duration(name, v);
            case "--composite-keys" -> composites = v;
            case "--dedup-horizon" -> dedupHorizon = duration(name, v);
            case "--global-partitions" -> globalPartitions = integer(name, v);
            case "--db" ->
                b.db(new DatabaseConfig(v, env("MERCATO_DB_USER"), env("MERCATO_DB_PASSWORD"), 2));
            default -> throw new IllegalArgumentException("unknown option " + flag);
          }
        }
      }
    }
    if (kafka == null) {
      throw new IllegalArgumentException("--kafka HOST:PORT is required");
    }
    if (redis == null) {
      throw new IllegalArgumentException("--redis redis://HOST:PORT is required");
    }
    List<String> uris =
        Arrays.stream(redis.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    RedisConfig redisConfig =
        new RedisConfig(uris, redisCluster, prefix, redisTtl, Duration.ofSeconds(5));
    AggregateSettings shared =
        new AggregateSettings(
            new StatsConfig(windows, lateness, stats.ratePriorStrength(), composites, maxLead),
            defaults.profile(),
            defaults.limits(),
            dedupHorizon,
            globalPartitions);
    CoreSettings core = new CoreSettings(shared);
    return new Parsed(b.kafka(kafka).redis(redisConfig).core(core).build(), local);
  }

  /** Parses {@code 100ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d}, {@code 0} or ISO-8601. */
  static Duration duration(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(v.trim());
      }
      if (s.equals("0")) {
        return Duration.ZERO;
      }
      int unitAt = 0;
      while (unitAt < s.length() && Character.isDigit(s.charAt(unitAt))) {
        unitAt++;
      }
      long n = Long.parseLong(s.substring(0, unitAt));
      return switch (s.substring(unitAt)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException("unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          flag + " must be a duration such as 100ms, 10s, 5m, 24h or 7d but was " + v);
    }
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null ? "" : v;
  }

  private static int integer(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be an integer but was " + v);
    }
  }
}
