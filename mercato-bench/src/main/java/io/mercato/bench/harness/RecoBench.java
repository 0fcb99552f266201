package io.mercato.bench.harness;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.AlsConfig;
import io.mercato.ml.als.AlsModel;
import io.mercato.ml.als.AlsRecommender;
import io.mercato.ml.als.AlsTrainer;
import io.mercato.ml.als.InteractionMatrix;
import io.mercato.ml.als.TrainingListener;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.synthetic.Zipf;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The recommenders' own costs, without HTTP or the engine's queues, single-threaded:
 * <ol>
 *   <li><b>apply</b>: {@link RecoState#apply} per interaction event with the default
 *       {@link RecoConfig} — the item-CF incremental update (co-occurrence with the user's 20 previous
 *       items and the neighbour lists), the user-CF index (item → recent users), the user's history
 *       and popularity. Synthetic traffic (100,000 users, 20,000 items, Zipf popularity, event times
 *       2 ms apart), only the events the engine hands to the recommendation writer (an item and a
 *       positive interaction weight). The first 1,000,000 interactions are applied untimed (JIT
 *       warm-up, and a state of realistic size), the next 2,000,000 timed, in chunks generated outside
 *       the clock (quick: 50,000 and 100,000). GC the apply path causes is included.</li>
 *   <li><b>recommend</b>: {@link RecommendationService#recommend} latency on that state for every
 *       strategy, n = 10, {@code exclude_seen} on (the HTTP default), no explanations; users drawn by
 *       the traffic's own activity law (Zipf 0.5 over all 100,000, so some are unknown and get
 *       popular items); 2,000 unrecorded then 10,000 recorded requests per strategy (quick: 100 and
 *       500). For {@code als} (and its share of {@code auto}) a model is trained on the same
 *       interactions with the default factors but 3 iterations (quick: 1): serving cost depends on
 *       factors and items, not on how long the model was trained.</li>
 *   <li><b>train</b>: iALS training time on MovieLens-100K, see {@link AlsTrainBench}.</li>
 * </ol>
 *
 * <p>Run: {@code ./mercato bench reco [--quick] [--json] [--ml100k PATH]}.
 */
public final class RecoBench {
  private static final int USERS = 100_000;
  private static final int ITEMS = 20_000;
  private static final int CHUNK = 100_000;

  /** Apply cost: {@code events} interactions applied in {@code seconds} onto a state already holding {@code warmup}. */
  public record Apply(
      long warmup,
      long events,
      double seconds,
      double nsPerEvent,
      double eventsPerSecond,
      int users,
      int items) {}

  /**
   * One strategy's latency, µs. {@code answered} is the share of requests the strategy answered itself
   * rather than falling back to popularity.
   */
  public record Latency(
      String strategy,
      int requests,
      double p50Us,
      double p90Us,
      double p99Us,
      double p999Us,
      double maxUs,
      double meanUs,
      double answered) {}

  /** The whole result; {@code alsTrainSeconds} is the model trained for the latency rows. */
  public record Result(
      Apply apply,
      double alsTrainSeconds,
      int alsIterations,
      List<Latency> recommend,
      List<AlsTrainBench.Row> train) {}

  private final boolean quick;
  private final Path ml100k;
  private final PrintStream log;

  /** @param ml100k MovieLens-100K's {@code u.data}; when missing, training runs on a synthetic stand-in */
  public RecoBench(boolean quick, Path ml100k, PrintStream log) {
    this.quick = quick;
    this.ml100k = ml100k;
    this.log = log;
  }

  public Result run() throws IOException {
    RecoConfig config = RecoConfig.defaults();
    RecoState state = new RecoState(config);
    InteractionMatrix.Builder matrix = InteractionMatrix.builder();
    Apply apply = apply(state, config, matrix);

    int iterations = quick ? 1 : 3;
    long t0 = System.nanoTime();
    AlsModel model =
        AlsTrainer.train(
            matrix.build(),
            AlsConfig.defaults()
                .params(Runtime.getRuntime().availableProcessors())
                .withIterations(iterations),
            TrainingListener.NONE);
    double alsSeconds = (System.nanoTime() - t0) / 1e9;
    Recommender als = new AlsRecommender(model, state);
    log.printf(
        "  iALS model for the latency rows: %d users x %d items, %d factors, %d iteration%s, %.1f s%n",
        model.users(),
        model.items(),
        model.factors(),
        iterations,
        iterations == 1 ? "" : "s",
        alsSeconds);
    RecommendationService service = new RecommendationService(state, ItemInfo.NONE, () -> als);
    List<Latency> latencies = new ArrayList<>();
    for (Strategy s :
        List.of(
            Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.ALS, Strategy.AUTO)) {
      latencies.add(recommend(service, s));
    }
    List<AlsTrainBench.Row> train = new AlsTrainBench(quick, ml100k, log).run();
    return new Result(apply, alsSeconds, iterations, latencies, train);
  }

  private Apply apply(RecoState state, RecoConfig config, InteractionMatrix.Builder matrix) {
    long warmup = quick ? 50_000 : 1_000_000;
    long measured = quick ? 100_000 : 2_000_000;
    long[] clock = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(17)
            .idPrefix("reco-")
            .users(USERS)
            .items(ITEMS)
            .clock(() -> Instant.ofEpochMilli(clock[0] += 2))
            .build();
    for (long done = 0; done < warmup; ) {
      List<Event> chunk =
          interactions(traffic, config, (int) Math.min(CHUNK, warmup - done), matrix);
      for (Event e : chunk) {
        state.apply(e);
      }
      done += chunk.size();
    }
    long nanos = 0;
    for (long done = 0; done < measured; ) {
      List<Event> chunk =
          interactions(traffic, config, (int) Math.min(CHUNK, measured - done), matrix);
      long t0 = System.nanoTime();
      for (Event e : chunk) {
        state.apply(e);
      }
      nanos += System.nanoTime() - t0;
      done += chunk.size();
    }
    Apply a =
        new Apply(
            warmup,
            measured,
            nanos / 1e9,
            (double) nanos / measured,
            measured / (nanos / 1e9),
            state.users(),
            state.items());
    log.printf(
        "  apply: %,d interactions after %,d warm-up: %.0f ns/event (%,.0f events/s, one thread); "
            + "state %,d users, %,d items%n",
        measured, warmup, a.nsPerEvent(), a.eventsPerSecond(), a.users(), a.items());
    return a;
  }

  /** The next {@code n} events the engine would hand to the recommendation writer; also added to {@code matrix}. */
  private static List<Event> interactions(
      SyntheticTraffic traffic, RecoConfig config, int n, InteractionMatrix.Builder matrix) {
    List<Event> out = new ArrayList<>(n);
    while (out.size() < n) {
      Event e = traffic.next();
      if (config.weights().isInteraction(e)) {
        out.add(e);
        matrix.add(e.userId(), e.itemId(), config.weights().weight(e.type()));
      }
    }
    return out;
  }

  private Latency recommend(RecommendationService service, Strategy strategy) {
    int warmup = quick ? 100 : 2_000;
    int requests = quick ? 500 : 10_000;
    Zipf activity = new Zipf(USERS, 0.5); // SyntheticTraffic's user activity law
    SplittableRandom random = new SplittableRandom(3);
    RecoRequest req = new RecoRequest(10, null, true, false);
    Histogram h = new Histogram(60_000_000_000L, 3);
    long answered = 0;
    long sink = 0;
    for (int i = 0; i < warmup + requests; i++) {
      String user = "u-" + (activity.sample(random) + 1);
      long t0 = System.nanoTime();
      RecoResult r = service.recommend(user, strategy, req);
      long took = System.nanoTime() - t0;
      sink += r.items().size();
      if (i >= warmup) {
        h.recordValue(took);
        answered +=
            Strategy.POPULAR.apiName().equals(r.used()) && strategy != Strategy.POPULAR ? 0 : 1;
      }
    }
    if (sink == 0) {
      throw new IllegalStateException(strategy + " recommended nothing");
    }
    Latency l =
        new Latency(
            strategy.apiName(),
            requests,
            us(h, 50),
            us(h, 90),
            us(h, 99),
            us(h, 99.9),
            h.getMaxValue() / 1e3,
            h.getMean() / 1e3,
            (double) answered / requests);
    log.printf(
        "  recommend %-8s p50 %8.1f us, p90 %8.1f us, p99 %8.1f us, p99.9 %8.1f us, max %8.1f us "
            + "(%,d requests, %.0f%% answered by the strategy)%n",
        l.strategy(),
        l.p50Us(),
        l.p90Us(),
        l.p99Us(),
        l.p999Us(),
        l.maxUs(),
        requests,
        100 * l.answered());
    return l;
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e3;
  }
}
