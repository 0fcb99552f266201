package io.mercato.cluster;

import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.event.CustomTypeRegistry;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventValidator;
import io.mercato.core.quality.DataQuality;
import io.mercato.core.quality.QualityConfig;
import io.mercato.core.rules.EvaluatorLease;
import io.mercato.core.rules.HttpWebhookSender;
import io.mercato.core.rules.LocalEvaluatorLease;
import io.mercato.core.time.EffectiveTime;
import io.mercato.engine.AdsConfig;
import io.mercato.engine.Engine;
import io.mercato.engine.ads.AdStore;
import io.mercato.server.backend.AccountedIngest;
import io.mercato.server.backend.AdDecisions;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import io.mercato.server.backend.EventIngest;
import io.mercato.server.backend.NodeStatus;
import io.mercato.server.backend.RecoReads;
import io.mercato.server.backend.StateReads;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.store.sql.PostgresAdvisoryLease;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Backend} of a stateless API node of the cluster runtime: events go to Kafka
 * ({@link KafkaEventLog}), statistics and profiles come from Redis ({@link RedisStateReads}), campaigns
 * and ads from the shared database. Nothing is kept on the node but a copy of the campaign inventory,
 * refreshed from the database every {@link #CAMPAIGN_REFRESH}, so any number of nodes can serve side by
 * side behind a load balancer, and a node can be killed at any time: what it acknowledged is in Kafka.
 *
 * <p>Recommendations come from Redis too ({@link RedisRecoReads}). Ad decisions reserve caps and spend
 * in Redis and produce their impressions to Kafka; campaign KPIs come from the job's campaign
 * statistics in Redis ({@link ClusterAds}).
 *
 * <p>Endpoints that need the embedded engine ({@link #engine()} is empty) answer 501.
 */
public final class ClusterBackend implements Backend, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBackend.class);

  /** How long {@code /ready} waits for Kafka or Redis before calling it unreachable. */
  private static final long READY_TIMEOUT_MS = 2_000;

  /**
   * How often the campaign inventory is read from the shared database again: a campaign or ad written
   * through another node is served by this one at most this much later (one written through this node,
   * at once).
   */
  public static final Duration CAMPAIGN_REFRESH = Duration.ofSeconds(1);

  private final ClusterSettings settings;
  private final KafkaEventLog events;
  private final Admin admin;
  private final RedisStateStore redis;
  private final RedisStateReads reads;
  private final Database db;
  private final AdStore campaigns;
  private final RedisRecoReads recoReads;
  private final ScheduledExecutorService refresher;
  private final ClusterAds ads;
  private final DataQuality quality;
  private final AccountedIngest ingestion;
  private final Automation automation;

  private ClusterBackend(
      ClusterSettings settings,
      KafkaEventLog events,
      Admin admin,
      RedisStateStore redis,
      RedisStateReads reads,
      Database db,
      AdStore campaigns,
      AdsConfig adsConfig,
      QualityConfig qualityConfig,
      InstantSource clock) {
    this.settings = settings;
    // An API node has no catalog and does not judge lateness (the Flink job does): those parts stay
    // out.
    this.quality = new DataQuality(qualityConfig, settings.layout().windows(), clock, null, false);
    this.ingestion = new AccountedIngest(events, quality, settings.layout()::windows, null);
    this.events = events;
    this.admin = admin;
    this.redis = redis;
    this.reads = reads;
    this.db = db;
    this.campaigns = campaigns;
    this.recoReads = new RedisRecoReads(redis, settings.reco(), settings.limits().maxIdLength());
    this.ads =
        new ClusterAds(
            campaigns::inventory,
            settings.layout().windows(),
            redis,
            events,
            reads,
            adsConfig,
            clock);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mercato-campaign-refresh");
              t.setDaemon(true);
              return t;
            });
    long every = CAMPAIGN_REFRESH.toMillis();
    refresher.scheduleWithFixedDelay(this::refreshCampaigns, every, every, TimeUnit.MILLISECONDS);
    // Several API nodes share the database: exactly one evaluates rules, the holder of a PostgreSQL
    // advisory lock (freed by the server when the holder's session ends, so a killed node hands
    // over).
    EvaluatorLease lease =
        settings.db().url().startsWith("jdbc:postgresql:")
            ? new PostgresAdvisoryLease(settings.db(), Automation.LEASE_NAME)
            : new LocalEvaluatorLease(Automation.LEASE_NAME + ":" + settings.db().url());
    this.automation =
        new Automation(
            () -> db,
            () -> campaigns,
            ads::ruleKpis,
            settings.layout().windows(),
            Guardrails.defaults(),
            HttpWebhookSender.defaults(),
            lease,
            clock);
  }

  /** Rules, actions and the audit log in the shared database; the evaluator runs on the lease holder only. */
  @Override
  public Optional<Automation> automation() {
    return Optional.of(automation);
  }

  private void refreshCampaigns() {
    try {
      if (campaigns.reload()) {
        LOG.debug("campaign inventory changed in the shared database; reloaded");
      }
    } catch (RuntimeException e) {
      // Keep serving the last inventory; the next refresh tries again.
      LOG.warn("could not refresh campaigns from the database: {}", e.getMessage());
    }
  }

  /**
   * Connects to Kafka, Redis and the campaign database. Kafka and Redis may still be down: requests
   * then answer 503 and {@code /ready} says which is missing; the database must be up (its schema is
   * migrated and the campaigns loaded now).
   *
   * @throws io.mercato.core.ads.CampaignStoreException when the database cannot be opened
   * @throws io.mercato.store.redis.RedisStoreException when the Redis client cannot be created
   */
  public static ClusterBackend start(
      ClusterSettings settings, InstantSource clock, MeterRegistry meters) {
    return start(settings, AdsConfig.defaults(), clock, meters);
  }

  /** As {@link #start(ClusterSettings, InstantSource, MeterRegistry)}, deciding with {@code adsConfig}. */
  public static ClusterBackend start(
      ClusterSettings settings, AdsConfig adsConfig, InstantSource clock, MeterRegistry meters) {
    return start(settings, adsConfig, QualityConfig.defaults(), clock, meters);
  }

  /** As {@link #start(ClusterSettings, AdsConfig, InstantSource, MeterRegistry)}, with data-quality settings. */
  public static ClusterBackend start(
      ClusterSettings settings,
      AdsConfig adsConfig,
      QualityConfig quality,
      InstantSource clock,
      MeterRegistry meters) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      // Missing event ids are generated here, before the event is produced, so that the Flink job's
      // dedup recognises a replay of the topic; random v4 UUIDs, as the embedded engine makes them.
      EventValidator validator =
          new EventValidator(
              settings.limits(),
              clock,
              ClusterBackend::generateId,
              new CustomTypeRegistry(
                  settings.limits().maxCustomTypes(), settings.limits().declaredCustomTypes()));
      KafkaEventLog events =
          new KafkaEventLog(
              settings.kafka(),
              new EventJsonReader(validator),
              new EffectiveTime(settings.maxLead()),
              clock,
              meters);
      opened.add(events);
      Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  settings.kafka().bootstrap(),
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  (int) READY_TIMEOUT_MS,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) READY_TIMEOUT_MS,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "mercato-api-ready"));
      opened.add(admin);
      RedisStateStore redis = RedisStateStore.connect(settings.redis());
      opened.add(redis);
      // The url is never empty here (ClusterSettings), so the data directory is never used.
      Database db = Database.open(settings.db(), Path.of("."));
      opened.add(db);
      AdStore campaigns =
          AdStore.open(
              new JdbcCampaignRepository(db),
              new SegmentCompiler(adsConfig.maxSegmentCost()),
              settings.limits(),
              clock,
              meters);
      RedisStateReads reads =
          new RedisStateReads(redis, settings.layout(), settings.ratePriorStrength(), clock);
      LOG.info(
          "cluster API node: events to Kafka {} topic {}, state from Redis {}, campaigns in {}",
          settings.kafka().bootstrap(),
          settings.kafka().topic(),
          String.join(",", settings.redis().uris()),
          db.describe());
      return new ClusterBackend(
          settings, events, admin, redis, reads, db, campaigns, adsConfig, quality, clock);
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static String generateId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID(
            r.nextLong() & ~0xF000L | 0x4000L,
            r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
        .toString();
  }

  @Override
  public String mode() {
    return "cluster";
  }

  /**
   * Ready when Kafka answers with both topics present and Redis answers PING, each within 2 s. Asks
   * both on every call: {@code /ready} is polled every few seconds, not per request.
   */
  @Override
  public NodeStatus status() {
    List<String> missing = new ArrayList<>();
    String kafka = "reachable";
    try {
      admin
          .describeTopics(List.of(settings.kafka().topic(), settings.kafka().deadLetterTopic()))
          .allTopicNames()
          .get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      kafka = "unreachable";
      missing.add(
          "Kafka does not answer or lacks topic "
              + settings.kafka().topic()
              + " or "
              + settings.kafka().deadLetterTopic()
              + " ("
              + e.getCause().getClass().getSimpleName()
              + ")");
    } catch (TimeoutException e) {
      kafka = "unreachable";
      missing.add("Kafka does not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kafka = "unreachable";
      missing.add("interrupted asking Kafka");
    }
    String redisState = "reachable";
    try {
      redis.await(redis.commands().ping());
    } catch (RuntimeException e) {
      redisState = "unreachable";
      missing.add("Redis does not answer");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", missing.isEmpty() ? "READY" : "UNAVAILABLE");
    m.put("mode", "cluster");
    m.put("kafka", kafka);
    m.put("redis", redisState);
    return new NodeStatus(
        missing.isEmpty(),
        missing.isEmpty() ? "READY" : "UNAVAILABLE",
        missing.isEmpty() ? null : "cluster node is not ready: " + String.join("; ", missing),
        m);
  }

  /** Never refused up front: whether Kafka takes the batch is known when it is produced. */
  @Override
  public Optional<String> writeRefusal() {
    return Optional.empty();
  }

  @Override
  public EventIngest events() {
    return events;
  }

  @Override
  public StateReads reads() {
    return reads;
  }

  @Override
  public AccountedIngest ingestion() {
    return ingestion;
  }

  @Override
  public DataQuality quality() {
    return quality;
  }

  /** What the Flink job, not an API node, decides; named with the job's metrics. */
  @Override
  public List<String> qualityLimits() {
    return List.of(
        "duplicates, sampling and too-late events are decided by the Flink job, not by an API node: see the job's "
            + "metrics mercatoEventsRead, mercatoEventsAccepted, mercatoEventsDuplicate, mercatoEventsInvalid and "
            + "mercatoEventsTooLate, and the dead-letter topic "
            + settings.kafka().deadLetterTopic(),
        "lateness (on time, late, very late) is judged by the Flink job against its watermark; an API node does not "
            + "know the stream's newest event time",
        "unknown items are not counted: the item catalog is embedded-only",
        "counts cover this API node only; add up every node's mercato_quality_* metrics for the cluster");
  }

  @Override
  public AdStore campaigns() {
    return campaigns;
  }

  /** Decisions and KPIs from Redis, impressions to Kafka ({@link ClusterAds}). */
  @Override
  public AdDecisions ads() {
    return ads;
  }

  @Override
  public Optional<Engine> engine() {
    return Optional.empty();
  }

  /** From the values the Flink job's recommendation writer keeps in Redis ({@link RedisRecoReads}). */
  @Override
  public Optional<RecoReads> recommendations() {
    return Optional.of(recoReads);
  }

  /** Flushes and closes the producer, then Redis and the database. */
  @Override
  public void close() {
    refresher.shutdownNow();
    automation.close();
    try {
      events.close();
    } finally {
      try {
        admin.close(Duration.ofSeconds(2));
      } finally {
        try {
          redis.close();
        } finally {
          campaigns.close();
          db.close();
        }
      }
    }
  }
}
