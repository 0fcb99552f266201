package io.mercato.app.cli;

import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.Durations;
import io.mercato.app.config.MercatoConfig;
import io.mercato.cluster.ClusterSettings;
import io.mercato.flink.CoreSettings;
import io.mercato.flink.JobConfig;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.RunningJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mercato flink-job --local}: the cluster runtime's Flink job in an embedded MiniCluster in
 * this process, until Ctrl-C. It reads the same configuration as {@code serve --mode cluster} (file,
 * {@code MERCATO_*} variables, flags), so the windows, lateness, composite keys, profile settings,
 * dedup horizon, Redis prefix and global partitions of the job and of the API nodes cannot drift
 * apart. On a Flink cluster, submit {@code mercato-flink-VERSION-job.jar} with {@code flink run}
 * instead (README, "Cluster mode").
 */
@Command(
    name = "flink-job",
    mixinStandardHelpOptions = true,
    description = {
      "Run the cluster runtime's Flink job (Kafka -> core aggregates in Flink state -> Redis) in an "
          + "embedded MiniCluster in this process, until Ctrl-C.",
      "On a Flink cluster use: flink run mercato-flink/target/mercato-flink-<version>-job.jar --kafka ... --redis ...",
      ""
    })
final class FlinkJobCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Option(
      names = "--local",
      required = true,
      description = "Run in an embedded MiniCluster (the only way this command runs the job).")
  boolean local;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "2",
      description = "Parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--state-backend",
      paramLabel = "heap|rocksdb",
      defaultValue = "heap",
      description = "Where keyed state lives (default: ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR",
      description =
          "Checkpoint storage, a directory or URI (default: <engine.data-dir>/flink-checkpoints; the "
              + "JobManager's memory storage would refuse state over 5 MB).")
  String checkpointDir;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Exactly-once checkpoint interval (default: ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(
      names = "--restore-from",
      paramLabel = "PATH",
      description = "A retained checkpoint (…/chk-N) or savepoint to resume from.")
  String restoreFrom;

  @Option(
      names = "--group-id",
      paramLabel = "ID",
      defaultValue = "mercato-flink",
      description =
          "Kafka consumer group; a new group with no checkpoint replays the topic from the start "
              + "(default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--flush-interval",
      paramLabel = "DURATION",
      defaultValue = "100ms",
      description =
          "How often changed aggregates are written to Redis (default: ${DEFAULT-VALUE}).")
  String flushInterval;

  FlinkJobCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    List<ConfigOverride> flags = new ArrayList<>();
    cluster.addTo(flags);
    MercatoConfig cfg = ctx.loadConfig(config.file, config.overrides(flags)).config();
    JobConfig job;
    try {
      job = jobConfig(cfg);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (RunningJob running = MercatoJob.runLocal(job)) {
      ShutdownHook hook = ShutdownHook.register("mercato-flink-stop", running::close);
      try {
        spec.commandLine()
            .getOut()
            .printf(
                "Flink job running: %s -> Redis %s (parallelism %d, %s state); Ctrl-C to stop%n",
                job.kafka() + "/" + job.topic(),
                String.join(",", job.redis().uris()),
                job.parallelism(),
                job.stateBackend().flinkName());
        spec.commandLine().getOut().flush();
        running.await();
      } finally {
        hook.close();
      }
    }
    return 0;
  }

  /** The job's configuration: the shared sections of {@code cfg} plus this command's Flink options. */
  JobConfig jobConfig(MercatoConfig cfg) {
    ClusterSettings cluster = cfg.clusterSettings();
    // The shared part of the tree, exactly as the API nodes take it (MercatoConfig.aggregates()).
    CoreSettings core = new CoreSettings(cfg.aggregates());
    JobConfig.Builder b =
        JobConfig.builder(cluster.redis())
            .kafka(cluster.kafka().bootstrap())
            .topic(cluster.kafka().topic())
            .deadLetterTopic(cluster.kafka().deadLetterTopic())
            .groupId(groupId)
            .core(core)
            .reco(cfg.reco().toRecoConfig())
            .parallelism(parallelism)
            .stateBackend(JobConfig.StateBackend.parse(stateBackend))
            .checkpointInterval(duration("--checkpoint-interval", checkpointInterval))
            .flushInterval(duration("--flush-interval", flushInterval))
            // the campaign database the API nodes share: the campaign statistics branch charges by
            // its definitions
            .db(cluster.db().embedded() ? null : cluster.db());
    b.checkpointDir(
        checkpointDir != null
            ? checkpointDir
            : cfg.engine().dataDir().resolve("flink-checkpoints").toAbsolutePath().toString());
    if (restoreFrom != null) {
      b.restoreFrom(restoreFrom);
    }
    return b.build();
  }

  private static Duration duration(String flag, String v) {
    try {
      return Durations.parse(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }
}
