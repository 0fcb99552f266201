package io.mercato.ml.als;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Manual benchmark, not part of the test run (its name matches no surefire pattern). On MovieLens-100K,
 * each rating taken as an interaction weighted by its value, with the default parameters: times
 * {@link AlsTrainer} (cold, then warm), checks that the model is useful (leave-one-out hit rate at
 * 10 against popularity), and times {@link AlsModel#scoreAll} and {@link AlsModel#foldIn}. Reads the
 * data where it is kept on the build machine; the data set is never copied into the repository.
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-ml -am
 * java -cp mercato-ml/target/classes:mercato-ml/target/test-classes:mercato-core/target/classes:$HOME/.m2/repository/it/unimi/dsi/fastutil-core/8.5.15/fastutil-core-8.5.15.jar \
 *   io.mercato.ml.als.MovieLens100kBench [/work/shared/data/ml-100k/u.data] [threads] [runs]
 * </pre>
 */
public final class MovieLens100kBench {
  private MovieLens100kBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/work/shared/data/ml-100k/u.data");
    int threads =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(line.split("\t")); // user item rating timestamp
      }
    }
    AlsParams params = AlsParams.defaults().withThreads(threads);
    System.out.printf("%s: %d ratings; %s%n", file, rows.size(), params);

    for (int run = 1; run <= runs; run++) {
      long t0 = System.nanoTime();
      InteractionMatrix m = matrix(rows, Set.of());
      long t1 = System.nanoTime();
      AlsModel model = AlsTrainer.train(m, params, TrainingListener.NONE);
      long t2 = System.nanoTime();
      System.out.printf(
          "run %d: %d users x %d items, %d non-zeros; build %.0f ms, train %.0f ms (%s)%n",
          run,
          m.users(),
          m.items(),
          m.nonZeros(),
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          model.version());
    }
    long t0 = System.nanoTime();
    double[] losses = new double[params.iterations() + 1];
    AlsTrainer.train(matrix(rows, Set.of()), params, (it, of, loss) -> losses[it] = loss);
    System.out.printf(
        "with the loss every iteration: %.0f ms; loss %.1f after 1, %.1f after %d%n",
        (System.nanoTime() - t0) / 1e6,
        losses[1],
        losses[params.iterations()],
        params.iterations());

    hitRate(rows, params);
    serving(matrix(rows, Set.of()), params);
  }

  /** Leaves one random rating out per user; hit rate at 10 among the items the user has not rated. */
  private static void hitRate(List<String[]> rows, AlsParams params) {
    SplittableRandom rnd = new SplittableRandom(7);
    Map<String, List<Integer>> byUser = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      byUser.computeIfAbsent(rows.get(r)[0], u -> new ArrayList<>()).add(r);
    }
    Map<String, Integer> heldOut = new HashMap<>();
    byUser.forEach((u, list) -> heldOut.put(u, list.get(rnd.nextInt(list.size()))));
    InteractionMatrix m = matrix(rows, new HashSet<>(heldOut.values()));
    AlsModel model = AlsTrainer.train(m, params, TrainingListener.NONE);
    float[] popularity = new float[m.items()];
    for (int c = 0; c < m.nonZeros(); c++) {
      popularity[m.userItems()[c]]++;
    }
    float[] scores = new float[m.items()];
    int alsHits = 0;
    int popHits = 0;
    int counted = 0;
    for (Map.Entry<String, Integer> e : heldOut.entrySet()) {
      int u = m.userIndex(e.getKey());
      int target = m.itemIndex(rows.get(e.getValue())[1]);
      if (u < 0 || target < 0) {
        continue; // the held-out rating was the item's only one
      }
      counted++;
      model.scoreAll(model.userVector(e.getKey()).orElseThrow(), scores);
      alsHits += rankAmongUnseen(m, u, target, scores) < 10 ? 1 : 0;
      popHits += rankAmongUnseen(m, u, target, popularity) < 10 ? 1 : 0;
    }
    System.out.printf(
        "leave-one-out HR@10 over %d users: iALS %.3f, popularity %.3f%n",
        counted, alsHits / (double) counted, popHits / (double) counted);
  }

  private static int rankAmongUnseen(InteractionMatrix m, int u, int target, float[] scores) {
    BitSet seen = new BitSet();
    for (int c = m.userPtr()[u]; c < m.userPtr()[u + 1]; c++) {
      seen.set(m.userItems()[c]);
    }
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (i != target && !seen.get(i) && scores[i] > scores[target]) {
        rank++;
      }
    }
    return rank;
  }

  /** Average cost of scoreAll and foldIn over every user, three passes (the first warms the JIT). */
  private static void serving(InteractionMatrix m, AlsParams params) {
    AlsModel model = AlsTrainer.train(m, params, TrainingListener.NONE);
    float[] scores = new float[m.items()];
    List<Map<String, Float>> rowsByUser = new ArrayList<>();
    for (int u = 0; u < m.users(); u++) {
      Map<String, Float> row = new HashMap<>();
      for (int c = m.userPtr()[u]; c < m.userPtr()[u + 1]; c++) {
        row.put(m.itemId(m.userItems()[c]), m.userWeights()[c]);
      }
      rowsByUser.add(row);
    }
    double sink = 0;
    for (int pass = 1; pass <= 3; pass++) {
      long t0 = System.nanoTime();
      for (int u = 0; u < m.users(); u++) {
        model.scoreAll(model.userVector(m.userId(u)).orElseThrow(), scores);
        sink += scores[u];
      }
      long t1 = System.nanoTime();
      double cosines = 0;
      for (int u = 0; u < m.users(); u++) {
        cosines +=
            AlsFoldInTest.cosine(
                model.foldIn(rowsByUser.get(u)).orElseThrow(),
                model.userVector(m.userId(u)).orElseThrow());
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "pass %d: scoreAll %.1f us/user (%d items); foldIn %.1f us/user (%.0f items on average),"
              + " mean cosine to the trained vector %.4f%n",
          pass,
          (t1 - t0) / 1e3 / m.users(),
          m.items(),
          (t2 - t1) / 1e3 / m.users(),
          m.nonZeros() / (double) m.users(),
          cosines / m.users());
    }
    System.out.println(
        sink == 42 ? " " : ""); // keeps the scores observable, so scoring is not elided
  }

  private static InteractionMatrix matrix(List<String[]> rows, Set<Integer> skip) {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    for (int r = 0; r < rows.size(); r++) {
      if (!skip.contains(r)) {
        String[] f = rows.get(r);
        b.add(f[0], f[1], Float.parseFloat(f[2]));
      }
    }
    return b.build();
  }
}
