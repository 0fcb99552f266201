package io.mercato.ml.mlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual benchmark, not part of the test run (its name matches no surefire pattern): trains the MLP on
 * MovieLens-100K (every user's ratings in time order) and prints the time and each epoch's validation
 * HR@10. Reads the data where it is kept on the build machine; never copied into the repository.
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-ml -am
 * ./mvnw -B -ntp -q -pl mercato-ml exec:java ... (or java -cp with the test classpath)
 *   io.mercato.ml.mlp.MlpMovieLensBench [/work/shared/data/ml-100k/u.data]
 * </pre>
 */
public final class MlpMovieLensBench {
  private MlpMovieLensBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/work/shared/data/ml-100k/u.data");
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(line.split("\t"));
      }
    }
    rows.sort(Comparator.comparingLong((String[] r) -> Long.parseLong(r[3])));
    Map<String, List<String[]>> byUser = new LinkedHashMap<>();
    for (String[] r : rows) {
      byUser.computeIfAbsent(r[0], u -> new ArrayList<>()).add(r);
    }
    List<UserSequence> seqs = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> e : byUser.entrySet()) {
      List<String> items = new ArrayList<>();
      float[] ratings = new float[e.getValue().size()];
      int i = 0;
      for (String[] r : e.getValue()) {
        items.add(r[1]);
        ratings[i++] = Float.parseFloat(r[2]);
      }
      seqs.add(new UserSequence(e.getKey(), items, ratings));
    }
    MlpParams p = MlpParams.defaults();
    for (int a = 1; a + 1 < args.length; a += 2) {
      switch (args[a]) {
        case "dims" ->
            p =
                p.withDims(
                    Integer.parseInt(args[a + 1]),
                    Integer.parseInt(args[a + 1]),
                    2 * Integer.parseInt(args[a + 1]));
        case "len" -> p = p.withHistoryLength(Integer.parseInt(args[a + 1]));
        case "neg" -> p = p.withNegatives(Integer.parseInt(args[a + 1]));
        case "lr" -> p = p.withLearningRate(Double.parseDouble(args[a + 1]));
        case "wd" -> p = p.withWeightDecay(Double.parseDouble(args[a + 1]));
        case "epochs" -> p = p.withEpochs(Integer.parseInt(args[a + 1]), p.patience());
        case "batch" -> p = p.withBatchSize(Integer.parseInt(args[a + 1]));
        default -> throw new IllegalArgumentException(args[a]);
      }
    }
    System.out.println(p);
    long t0 = System.nanoTime();
    TorchRuntime.start();
    long t1 = System.nanoTime();
    System.out.printf("engine start %.1f s%n", (t1 - t0) / 1e9);
    MlpModel m =
        MlpTrainer.train(
            seqs,
            p,
            new MlpTrainingListener() {
              long last = System.nanoTime();

              @Override
              public void epochDone(int epoch, double loss, double validation, boolean best) {
                long now = System.nanoTime();
                System.out.printf(
                    "epoch %d: loss %.4f, validation HR@10 %.4f%s (%.1f s)%n",
                    epoch, loss, validation, best ? " *" : "", (now - last) / 1e9);
                last = now;
              }
            },
            InstantSource.system());
    System.out.printf(
        "trained %s in %.1f s: %s%n", m.version(), (System.nanoTime() - t1) / 1e9, m.training());
    m.close();
  }
}
