package io.mercato.bench.harness;

import io.mercato.engine.AlsConfig;
import io.mercato.ml.als.AlsModel;
import io.mercato.ml.als.AlsParams;
import io.mercato.ml.als.AlsTrainer;
import io.mercato.ml.als.InteractionMatrix;
import io.mercato.ml.als.TrainingListener;
import io.mercato.synthetic.Zipf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * iALS training time with the engine's default parameters ({@link AlsConfig#defaults()}; the result
 * names factors, iterations and λ) on MovieLens-100K (each rating an
 * interaction weighted by its value, as {@code MovieLens100kBench} in mercato-ml does), once with the
 * engine's training thread count ({@code max(1, cores / 2)}, what background training uses) and once
 * with every core (quick: every core only). Times include building the {@link InteractionMatrix} from
 * parsed rows, not reading the file. A full run trains once unrecorded (JIT warm-up), then three times per thread count.
 *
 * <p>The data set is read where it lies and never copied into the repository. In quick mode, or when
 * the file is missing, a synthetic matrix of the same shape (943 users, 1,682 items, 100,000 distinct
 * cells; Zipf item popularity and user activity, weights 1–5) stands in, and the result says so.
 */
final class AlsTrainBench {
  /** Shape of MovieLens-100K, which the synthetic stand-in copies. */
  private static final int ML_USERS = 943;

  private static final int ML_ITEMS = 1682;
  private static final int ML_RATINGS = 100_000;

  /**
   * One thread count's training times.
   *
   * @param data    {@code ml-100k} or {@code synthetic (ml-100k shape)}
   * @param runs    trainings timed
   * @param bestMs  fastest run, ms
   * @param medianMs median run, ms
   */
  record Row(
      String data,
      int users,
      int items,
      long nonZeros,
      int factors,
      int iterations,
      double regularization,
      int threads,
      int runs,
      double bestMs,
      double medianMs) {}

  private final boolean quick;
  private final Path ml100k;
  private final PrintStream log;

  /** @param ml100k MovieLens-100K's {@code u.data}; need not exist */
  AlsTrainBench(boolean quick, Path ml100k, PrintStream log) {
    this.quick = quick;
    this.ml100k = ml100k;
    this.log = log;
  }

  List<Row> run() throws IOException {
    boolean real = !quick && Files.isRegularFile(ml100k);
    String data = real ? "ml-100k" : "synthetic (ml-100k shape)";
    if (!quick && !real) {
      log.println(
          "  " + ml100k + " not found: training on a synthetic matrix of the same shape instead");
    }
    List<String[]> rows = real ? readRatings(ml100k) : null;
    Supplier<InteractionMatrix> matrix = real ? () -> fromRatings(rows) : AlsTrainBench::synthetic;
    int cores = Runtime.getRuntime().availableProcessors();
    int engineThreads = Math.max(1, cores / 2); // what AlsTraining uses
    int runs = quick ? 1 : 3;
    if (!quick) {
      AlsTrainer.train(
          matrix.get(), AlsConfig.defaults().params(cores), TrainingListener.NONE); // JIT warm-up
    }
    List<Row> out = new ArrayList<>();
    for (int threads :
        quick || engineThreads == cores ? new int[] {cores} : new int[] {engineThreads, cores}) {
      AlsParams params = AlsConfig.defaults().params(threads);
      double[] ms = new double[runs];
      InteractionMatrix last = null;
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        last = matrix.get();
        AlsModel model = AlsTrainer.train(last, params, TrainingListener.NONE);
        ms[r] = (System.nanoTime() - t0) / 1e6;
        if (model.items() == 0) {
          throw new IllegalStateException("training produced an empty model");
        }
      }
      double[] sorted = ms.clone();
      Arrays.sort(sorted);
      Row row =
          new Row(
              data,
              last.users(),
              last.items(),
              last.nonZeros(),
              params.factors(),
              params.iterations(),
              params.regularization(),
              threads,
              runs,
              sorted[0],
              sorted[runs / 2]);
      out.add(row);
      log.printf(
          "  iALS on %s (%d users x %d items, %,d non-zeros), %d factors, %d iterations, lambda %s, "
              + "%d thread%s: best %.0f ms, median %.0f ms of %d run%s%n",
          data,
          row.users(),
          row.items(),
          row.nonZeros(),
          row.factors(),
          row.iterations(),
          row.regularization(),
          threads,
          threads == 1 ? "" : "s",
          row.bestMs(),
          row.medianMs(),
          runs,
          runs == 1 ? "" : "s");
    }
    return out;
  }

  /** {@code u.data}: tab-separated user, item, rating, timestamp. */
  private static List<String[]> readRatings(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>(ML_RATINGS);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          String[] f = line.split("\t");
          if (f.length < 3) {
            throw new IOException(
                file + ": expected user, item, rating separated by tabs but found '" + line + "'");
          }
          rows.add(f);
        }
      }
    }
    return rows;
  }

  private static InteractionMatrix fromRatings(List<String[]> rows) {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    for (String[] f : rows) {
      b.add(f[0], f[1], Float.parseFloat(f[2]));
    }
    return b.build();
  }

  /**
   * 100,000 distinct (user, item) cells over 943 × 1,682, items by Zipf(1.0) popularity and users by
   * Zipf(0.8) activity (roughly MovieLens' skew), weight 1–5 uniformly. Same seed, same matrix.
   */
  static InteractionMatrix synthetic() {
    SplittableRandom random = new SplittableRandom(100);
    Zipf items = new Zipf(ML_ITEMS, 1.0);
    Zipf users = new Zipf(ML_USERS, 0.8);
    BitSet taken = new BitSet(ML_USERS * ML_ITEMS);
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    int cells = 0;
    while (cells < ML_RATINGS) {
      int u = users.sample(random);
      int i = items.sample(random);
      if (!taken.get(u * ML_ITEMS + i)) {
        taken.set(u * ML_ITEMS + i);
        b.add("u" + u, "i" + i, 1 + random.nextInt(5));
        cells++;
      }
    }
    return b.build();
  }
}
