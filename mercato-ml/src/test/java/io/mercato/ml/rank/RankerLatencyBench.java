package io.mercato.ml.rank;

import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Scores;
import io.mercato.ml.serving.ModelSlot;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Manual benchmark, not part of the test run: in-process latency of one {@code ranked} re-ranking of
 * {@code candidates} items — the features read from the live state (item-CF and user-CF first stages
 * included) and one LightGBM prediction over all of them — on {@link PromoWorld}'s state after 21
 * days (240 users, 200 items, 25,200 events), with a ranker trained on its rows. Also times the
 * prediction alone.
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl mercato-ml -am
 * java -cp "mercato-ml/target/classes:mercato-ml/target/test-classes:mercato-core/target/classes:$(cat cp.txt)" \
 *   io.mercato.ml.rank.RankerLatencyBench [candidates=100] [calls=5000]
 * </pre>
 */
public final class RankerLatencyBench {
  private RankerLatencyBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    List<Event> log = new PromoWorld(21, 3).events;
    EventLogState rowsState = new EventLogState(RecoConfig.defaults(), Map.of());
    RankerRows rows =
        new PointInTimeRows(e -> e.type().equals("purchase"), 0, 10, 10, 7, false)
            .build(log, rowsState, PointInTimeRowsTest.cfStages(rowsState));
    ModelSlot<RankerModel> slot = new ModelSlot<>();
    slot.swap(RankerTrainer.train(rows, RankerParams.defaults(), t -> {}, InstantSource.system()));
    RankedRecommender r =
        new RankedRecommender(slot, rowsState, PointInTimeRowsTest.cfStages(rowsState));
    List<String> items = new ArrayList<>();
    for (int c = 0; c < PromoWorld.CATEGORIES; c++) {
      for (int i = 0; i < PromoWorld.ITEMS_PER_CATEGORY; i++) {
        items.add(PromoWorld.item(c, i));
      }
    }
    SplittableRandom rnd = new SplittableRandom(1);
    long[] whole = new long[calls];
    long[] predict = new long[calls];
    double sink = 0;
    int w = RankerFeatures.count();
    for (int round = 0; round < 2; round++) { // the first round warms up
      for (int k = 0; k < calls; k++) {
        List<String> cands = new ArrayList<>(items);
        Collections.shuffle(cands, new Random(rnd.nextLong()));
        cands = cands.subList(0, n);
        String user = "u" + rnd.nextInt(PromoWorld.USERS);
        long t0 = System.nanoTime();
        Scores s = r.scores(user, cands).orElseThrow();
        whole[k] = System.nanoTime() - t0;
        sink += s.score(cands.get(0));
        float[] f = new float[n * w];
        long t1 = System.nanoTime();
        double[] p = slot.use(m -> m.predict(f, n)).orElseThrow();
        predict[k] = System.nanoTime() - t1;
        sink += p[0];
      }
    }
    Arrays.sort(whole);
    Arrays.sort(predict);
    System.out.printf(
        "ranked, %d candidates, %d calls: features + prediction p50 %.3f ms, p99 %.3f ms; "
            + "prediction alone p50 %.3f ms, p99 %.3f ms%s%n",
        n,
        calls,
        whole[calls / 2] / 1e6,
        whole[calls * 99 / 100] / 1e6,
        predict[calls / 2] / 1e6,
        predict[calls * 99 / 100] / 1e6,
        sink == 42 ? " " : "");
    slot.clear();
  }
}
