package io.mercato.ml.ads;

import io.mercato.core.ads.decide.CtrModel;
import java.util.List;
import java.util.Map;

/**
 * Manual benchmark, not part of the test run: the learned pCTR against the Beta posterior on demo-like
 * impressions ({@link DemoLikeAds}), first half trains, second half tests; prints both models' metrics.
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-ml -am
 * java -cp "mercato-ml/target/classes:mercato-ml/target/test-classes:mercato-core/target/classes:mercato-testkit/target/classes:$(cat cp.txt)" \
 *   io.mercato.ml.ads.CtrComparisonBench [events=120000] [every=2] [seed...]
 * </pre>
 */
public final class CtrComparisonBench {
  private CtrComparisonBench() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 120_000;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    for (int a = 2; a < Math.max(3, args.length); a++) {
      long seed = args.length > a ? Long.parseLong(args[a]) : 7;
      DemoLikeAds d = new DemoLikeAds(events, every, seed);
      CtrComparison.Result r =
          CtrComparison.run(
              d.browsing,
              d.impressions,
              d.ads,
              List.of(DemoLikeAds.PLACEMENT),
              new CtrModel(0.01, 100),
              d.startMillis + events * 500L);
      System.out.printf(
          "seed %d: %d training impressions; test %d impressions, %d clicks (CTR %.4f)%n",
          seed,
          r.trainImpressions(),
          r.learned().impressions(),
          r.learned().clicks(),
          r.learned().clicks() / (double) r.learned().impressions());
      for (var e :
          List.of(Map.entry("posterior", r.posterior()), Map.entry("learned", r.learned()))) {
        CtrMetrics m = e.getValue();
        System.out.printf(
            "  %-9s log loss %.5f  AUC %.4f  ECE %.4f  mean predicted %.4f%n",
            e.getKey(), m.logLoss(), m.auc(), m.ece(), m.meanPredicted());
      }
    }
  }
}
