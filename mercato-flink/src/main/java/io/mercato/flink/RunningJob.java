package io.mercato.flink;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A submitted Mercato job: its id and status, and the means to cancel it or wait for it. Closing
 * cancels a job that is still running. Thread-safe.
 */
public final class RunningJob implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private final JobClient client;

  RunningJob(JobClient client) {
    this.client = client;
  }

  public JobID id() {
    return client.getJobID();
  }

  /** The job's current status. */
  public JobStatus status() {
    return get(client.getJobStatus().toCompletableFuture(), CALL_TIMEOUT);
  }

  /**
   * Cancels the job and waits until Flink confirmed it. The last completed checkpoint is retained in
   * the checkpoint directory, so {@link JobConfig#restoreFrom} can resume from it.
   */
  public void cancel() {
    get(client.cancel().toCompletableFuture(), CALL_TIMEOUT);
  }

  /** Waits until the job ends (a bounded input was consumed, or it was cancelled or failed). */
  public JobExecutionResult await() {
    try {
      return client.getJobExecutionResult().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for job " + id(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "job " + id() + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** As {@link #await()}, giving up after {@code timeout}. */
  public JobExecutionResult await(Duration timeout) {
    return get(client.getJobExecutionResult(), timeout);
  }

  @Override
  public void close() {
    if (!status().isGloballyTerminalState()) {
      cancel();
    }
  }

  private <T> T get(Future<T> f, Duration timeout) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to job " + id(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "job " + id() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("job " + id() + " did not answer within " + timeout, e);
    }
  }
}
