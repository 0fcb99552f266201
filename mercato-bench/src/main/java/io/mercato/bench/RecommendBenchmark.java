package io.mercato.bench;

import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Strategy;
import io.mercato.synthetic.Zipf;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@link RecommendationService#recommend} call (the work behind
 * {@code GET /v1/recommendations/{user}} without HTTP): scoring, the {@code exclude_seen} filter and
 * the top-10, for {@code strategy} = {@code popular}, {@code item_cf}, {@code user_cf} and {@code auto}
 * (no ALS model, so {@code auto} blends item-CF and user-CF only, as before the first training).
 *
 * <p>Setup: a {@link RecoState} warmed with {@code warmInteractions} interactions (default 1,000,000)
 * of {@link RecoTraffic} (100,000 users, 20,000 items), the same world {@code mercato bench reco}
 * measures end to end; it does not change while measuring (reads only). Each call asks for the next
 * user of a pre-drawn cycle of {@value #USERS_CYCLE} users drawn by the traffic's own activity law
 * (Zipf 0.5 over all 100,000 users, seeded), so active users dominate and a few are unknown and get
 * popular items, as in production; {@code n = 10}, {@code exclude_seen} on (the HTTP default), no
 * explanations. The share of the first {@value #CHECKED} users a strategy answered itself rather than
 * by falling back to popularity is printed at setup. Single-threaded: the user cycle's cursor is not
 * shared safely, so do not run it with {@code -t}.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar RecommendBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class RecommendBenchmark {
  static final int USERS_CYCLE = 4_096; // a power of two: the index wraps with a mask
  private static final int CHECKED = 256;

  /** API name of the strategy. */
  @Param({"popular", "item_cf", "user_cf", "auto"})
  public String strategy;

  /** Interactions in the state. */
  @Param("1000000")
  public int warmInteractions;

  private RecommendationService service;
  private Strategy chosen;
  private final RecoRequest request = new RecoRequest(10, null, true, false);
  private final String[] users = new String[USERS_CYCLE];
  private int next;

  @Setup
  public void setUp() {
    chosen =
        Strategy.parse(strategy)
            .orElseThrow(() -> new IllegalArgumentException("unknown strategy " + strategy));
    RecoState state = new RecoTraffic().warmState(warmInteractions);
    service = new RecommendationService(state, ItemInfo.NONE, () -> null);
    Zipf activity = new Zipf(RecoTraffic.USERS, 0.5);
    SplittableRandom random = new SplittableRandom(Streams.SEED);
    for (int i = 0; i < USERS_CYCLE; i++) {
      users[i] = "u-" + (activity.sample(random) + 1);
    }
    int answered = 0;
    for (int i = 0; i < CHECKED; i++) { // a sample: user_cf and auto take about a millisecond each
      RecoResult r = service.recommend(users[i], chosen, request);
      if (r.items().isEmpty()) {
        throw new IllegalStateException(strategy + " recommended nothing to " + users[i]);
      }
      answered +=
          chosen == Strategy.POPULAR || !Strategy.POPULAR.apiName().equals(r.used()) ? 1 : 0;
    }
    System.out.printf(
        "%n%s: %d of the first %d users answered by the strategy itself (%d users, %d items in the"
            + " state)%n",
        strategy, answered, CHECKED, state.users(), state.items());
  }

  /** One recommendation for the next user of the cycle. */
  @Benchmark
  public RecoResult recommend() {
    String user = users[next++ & (USERS_CYCLE - 1)];
    return service.recommend(user, chosen, request);
  }
}
