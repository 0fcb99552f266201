package io.mercato.engine;

import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.reco.RecoState;
import io.mercato.engine.journal.DirectorySync;
import io.mercato.ml.als.AlsModel;
import io.mercato.ml.als.AlsRecommender;
import io.mercato.ml.als.AlsTrainer;
import io.mercato.ml.als.InteractionMatrix;
import io.mercato.ml.als.TrainingListener;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains iALS in the background from the events still in the journal, saves the model under
 * {@code data-dir/models/als.bin} (tmp, fsync, rename) and swaps it in atomically: requests see
 * the old model or the new one, never a mix. One run at a time; asking while a run is in progress
 * joins it. The saved model is loaded at startup, so a restart keeps serving {@code als}.
 */
final class AlsTraining implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlsTraining.class);

  private final AlsConfig config;
  private final InteractionWeights weights;
  private final Path modelFile;
  private final InstantSource clock;
  private final RecoState state;
  private final RetainedEvents journalReplay;
  private final Consumer<AlsRecommender> install;
  private final Supplier<AlsRecommender> current;
  private static final long CLOSE_WAIT_SECONDS = 60;
  private volatile boolean closed;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "mercato-als");
            t.setDaemon(true);
            t.setPriority(
                Thread.NORM_PRIORITY - 1); // serving and ingest come first on a small machine
            return t;
          });
  private CompletableFuture<AlsStatus> running; // guarded by this
  private volatile long lastTrainingMillis;
  private volatile long lastInteractions;
  private volatile String lastError;

  /**
   * @param journalReplay replays every retained journal event into the given consumer
   * @param install       makes a recommender the one serving {@code als}
   */
  AlsTraining(
      AlsConfig config,
      InteractionWeights weights,
      Path modelDir,
      InstantSource clock,
      RecoState state,
      RetainedEvents journalReplay,
      Consumer<AlsRecommender> install,
      Supplier<AlsRecommender> current) {
    this.config = config;
    this.weights = weights;
    this.modelFile = modelDir.resolve("als.bin");
    this.clock = clock;
    this.state = state;
    this.journalReplay = journalReplay;
    this.install = install;
    this.current = current;
    try {
      Files.createDirectories(modelDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create model directory " + modelDir, e);
    }
  }

  /** Loads the saved model, if any; a damaged file is logged and ignored (the next run replaces it). */
  void loadSaved() {
    if (!Files.exists(modelFile)) {
      return;
    }
    try (InputStream in = Files.newInputStream(modelFile)) {
      AlsModel m = AlsModel.readFrom(new BufferedInputStream(in));
      install.accept(new AlsRecommender(m, state));
      LOG.info("loaded iALS model {} ({} users, {} items)", m.version(), m.users(), m.items());
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable iALS model {}: {}", modelFile, e.getMessage());
    }
  }

  /** Starts a run, or joins the one in progress. */
  synchronized CompletableFuture<AlsStatus> train() {
    if (running != null && !running.isDone()) {
      return running;
    }
    running = CompletableFuture.supplyAsync(this::runOnce, executor);
    return running;
  }

  private AlsStatus runOnce() {
    long start = System.nanoTime();
    try {
      InteractionMatrix.Builder b = InteractionMatrix.builder();
      long[] seen = {0};
      journalReplay.replay(
          e -> {
            if (weights.isInteraction(e)) {
              b.add(e.userId(), e.itemId(), weights.weight(e.type()));
              seen[0]++;
            }
          });
      if (seen[0] == 0) {
        throw new IllegalStateException("the journal holds no interaction events to train on");
      }
      InteractionMatrix m = b.build();
      int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      AlsModel model = AlsTrainer.train(m, config.params(threads), TrainingListener.NONE, clock);
      if (closed) {
        throw new IllegalStateException(
            "the engine closed during iALS training; the model was not saved");
      }
      save(model);
      install.accept(new AlsRecommender(model, state));
      lastTrainingMillis = (System.nanoTime() - start) / 1_000_000;
      lastInteractions = m.nonZeros();
      lastError = null;
      LOG.info(
          "trained iALS model {} on {} interactions ({} users x {} items) in {} ms",
          model.version(),
          m.nonZeros(),
          m.users(),
          m.items(),
          lastTrainingMillis);
      return status(false);
    } catch (RuntimeException e) {
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.warn("iALS training failed: {}", lastError);
      throw e;
    }
  }

  private void save(AlsModel model) {
    Path tmp = modelFile.resolveSibling("als.bin.tmp");
    try {
      try (OutputStream out =
              Files.newOutputStream(
                  tmp,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE);
          BufferedOutputStream buf = new BufferedOutputStream(out, 1 << 16)) {
        model.writeTo(buf);
      }
      try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(
          tmp, modelFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      DirectorySync.sync(modelFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the iALS model to " + modelFile, e);
    }
  }

  /** The current status. */
  AlsStatus status() {
    boolean training;
    synchronized (this) {
      training = running != null && !running.isDone();
    }
    return status(training);
  }

  private AlsStatus status(boolean training) {
    AlsRecommender r = current.get();
    AlsModel m = r == null ? null : r.model();
    return new AlsStatus(
        training,
        m == null ? null : m.version(),
        m == null ? 0 : m.trainedAtMillis(),
        lastTrainingMillis,
        m == null ? 0 : m.users(),
        m == null ? 0 : m.items(),
        lastInteractions,
        lastError);
  }

  /**
   * Stops training: a run in progress saves and installs nothing once this is called, and this
   * returns only when the training thread has stopped (or after {@value #CLOSE_WAIT_SECONDS} s, with
   * a warning), so a closed engine never writes into its data directory after releasing it.
   */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "iALS training did not stop within {} s of close; it will not save its model",
            CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
