package io.mercato.ml.mlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Manual benchmark, not part of the test run: in-process latency of one {@link MlpModel#score} call —
 * one forward pass over {@code candidates} items for a user with a full history — at MovieLens-100K's
 * size (1,682 items) with the default widths. Weights are random: latency does not depend on them.
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-ml -am
 * java -Dai.djl.pytorch.num_threads=1 -cp "mercato-ml/target/classes:mercato-ml/target/test-classes:mercato-core/target/classes:$(cat cp.txt)" \
 *   io.mercato.ml.mlp.MlpLatencyBench [candidates=300] [calls=5000]
 * </pre>
 */
public final class MlpLatencyBench {
  private MlpLatencyBench() {}

  public static void main(String[] args) {
    int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int items = 1682;
    MlpParams p = MlpParams.defaults();
    String[] ids = new String[items];
    for (int i = 0; i < items; i++) {
      ids[i] = "i" + i;
    }
    float[][] w;
    try (var m = TorchRuntime.start().newBaseManager();
        MlpNetwork n = MlpNetwork.initialise(m, items, p, 0)) {
      w = n.values();
    }
    SplittableRandom r = new SplittableRandom(1);
    try (MlpModel model =
        MlpModel.create(p, 0, ids, w, new MlpModel.Training(0, 0, 0, 0, Double.NaN))) {
      long[] nanos = new long[calls];
      double sink = 0;
      for (int round = 0;
          round < 2;
          round++) { // the first round warms up the JIT and the allocator
        for (int c = 0; c < calls; c++) {
          List<String> hist = new ArrayList<>();
          for (int j = 0; j < p.historyLength(); j++) {
            hist.add(ids[r.nextInt(items)]);
          }
          List<String> cands = new ArrayList<>();
          for (int j = 0; j < candidates; j++) {
            cands.add(ids[r.nextInt(items)]);
          }
          long t0 = System.nanoTime();
          float[] s = model.score(hist, cands).orElseThrow();
          nanos[c] = System.nanoTime() - t0;
          sink += s[0];
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          "%d candidates, history %d, %d calls: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms "
              + "(intra-op threads %s)%s%n",
          candidates,
          p.historyLength(),
          calls,
          nanos[calls / 2] / 1e6,
          nanos[calls * 9 / 10] / 1e6,
          nanos[calls * 99 / 100] / 1e6,
          nanos[calls - 1] / 1e6,
          System.getProperty("ai.djl.pytorch.num_threads", "default"),
          sink == 42 ? " " : "");
    }
  }
}
