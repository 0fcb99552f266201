package io.mercato.bench.harness;

import io.mercato.flink.JobConfig;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.types.AcceptedRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The job's whole topology (parse, watermarks, dedup, fan-out, every aggregate in heap keyed state)
 * on a local MiniCluster, reading records held in this JVM's memory and counting what it would write
 * instead of writing to Redis: the Flink side of {@code mercato bench pipeline}, so the comparison
 * with the embedded engine measures the stream processing, not Kafka or Redis.
 *
 * <p>Records are handed to the job through a static registry (the MiniCluster runs in this JVM); a
 * number sequence source spreads their indexes over the source instances.
 */
public final class InMemoryPipeline {
  private static final Map<String, List<byte[]>> RECORDS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  /** What one run produced. */
  public record Outcome(long stateUpdates, long deadLetters) {}

  private InMemoryPipeline() {}

  /**
   * Runs {@code records} (one JSON event each) through the job at {@code parallelism} with heap state
   * and checkpoints every 10 s, and returns when the bounded input is fully processed.
   */
  public static Outcome run(List<byte[]> records, int parallelism) throws Exception {
    String id = UUID.randomUUID().toString();
    Path checkpoints = null;
    RECORDS.put(id, records);
    COUNTS.put(id + "/state", new AtomicLong());
    COUNTS.put(id + "/dead", new AtomicLong());
    try {
      // The sink is replaced, so no Redis is contacted; the URI only satisfies the configuration.
      // Checkpoints go to a temporary directory: the JobManager's memory storage refuses state over
      // 5 MB, and the recommendation state alone is tens of MB.
      checkpoints = Files.createTempDirectory("mercato-pipeline-ckpt");
      JobConfig cfg =
          JobConfig.builder("redis://127.0.0.1:1")
              .parallelism(parallelism)
              .stateBackend(JobConfig.StateBackend.HEAP)
              .checkpointDir(checkpoints.toString())
              .build();
      // A failure must end the run with its cause, not restart the job forever.
      Configuration noRestarts = new Configuration();
      noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      StreamExecutionEnvironment env = MercatoJob.environment(cfg, true, noRestarts);
      // Without acceptance times, events count at their own timestamps, as the bench's embedded
      // engine
      // counts them (they are all in the past of its clock).
      DataStream<AcceptedRecord> source =
          env.fromSequence(0, records.size() - 1)
              .map(
                  i -> AcceptedRecord.unstamped(RECORDS.get(id).get((int) (long) i)),
                  AcceptedRecord.TYPE)
              .name("records");
      MercatoJob.build(source, cfg, new Counting<>(id + "/state"), new Counting<>(id + "/dead"));
      try {
        env.execute("mercato-pipeline-bench");
      } catch (JobExecutionException e) {
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        throw new IllegalStateException("the Flink job failed: " + root, e);
      }
      return new Outcome(COUNTS.get(id + "/state").get(), COUNTS.get(id + "/dead").get());
    } finally {
      if (checkpoints != null) {
        FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
      }
      RECORDS.remove(id);
      COUNTS.remove(id + "/state");
      COUNTS.remove(id + "/dead");
    }
  }

  /** Counts elements into the registry under {@code name}. */
  private static final class Counting<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final String name;

    Counting(String name) {
      this.name = name;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      AtomicLong n = COUNTS.get(name);
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context ctx) {
          n.incrementAndGet();
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
