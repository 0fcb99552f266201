package io.mercato.bench;

import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.time.Windows;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.SyntheticTraffic;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * CEL targeting: a campaign's segment condition compiled once by {@link SegmentCompiler} and evaluated
 * per ad decision with {@link Segment#matches}. Conditions ({@code condition} parameter):
 * <ul>
 *   <li>{@code affinity}: {@code "sports" in profile.affinity && profile.affinity["sports"] > 0.2},
 *       the guarded form the schema documents;</li>
 *   <li>{@code affinity_unguarded}: {@code profile.affinity["sports"] > 0.2}; for users without
 *       sports the missing key is an evaluation error, which means "no match": this measures that
 *       error path;</li>
 *   <li>{@code clicks_and_purchase}: {@code profile.counts["click"]["10m"] >= 2 &&
 *       profile.purchased("<item>")}, with the most popular sports item, so that some users match.</li>
 * </ul>
 *
 * <p>Setup: {@value #USERS} user profiles (default {@code ProfileConfig} and windows) built from 2 hours
 * of {@link SyntheticTraffic} (seed {@value Streams#SEED}, {@value #EVENTS} events, Zipf user activity,
 * so profiles range from one session to many), evaluated at the newest event time. Each operation
 * evaluates the next user of the cycle:
 * <ul>
 *   <li>{@code matches}: on a prepared {@link SegmentInput} (profile view and purchased items built in
 *       setup): the CEL evaluation alone, including the variables it computes on demand;</li>
 *   <li>{@code viewAndMatches}: builds the input from the live {@link UserProfile} first, as the engine
 *       does for each decision ({@code UserProfile.view(now)} and the purchased set): the whole
 *       targeting cost of a decision.</li>
 * </ul>
 * The share of users each condition matches is printed at setup.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar SegmentBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SegmentBenchmark {
  static final int USERS = 1_024; // a power of two: the index wraps with a mask
  static final int EVENTS = 100_000;

  /** Which condition; see the class comment. */
  @Param({"affinity", "affinity_unguarded", "clicks_and_purchase"})
  public String condition;

  private Segment segment;
  private UserProfile[] profiles;
  private SegmentInput[] inputs;
  private long nowMillis;
  private int next;

  @Setup
  public void setUp() {
    SyntheticTraffic.Builder traffic = SyntheticTraffic.builder().seed(Streams.SEED).users(USERS);
    Streams.Timeline t = Streams.timeline(traffic, EVENTS, Duration.ofHours(2), 0, Duration.ZERO);
    nowMillis = t.endMillis();
    Windows windows = Windows.defaults();
    Map<String, UserProfile> byUser = new LinkedHashMap<>();
    for (Event e : t.history()) {
      byUser
          .computeIfAbsent(e.userId(), u -> new UserProfile(ProfileConfig.defaults(), windows))
          .apply(e);
    }
    profiles = new UserProfile[USERS];
    inputs = new SegmentInput[USERS];
    for (int u = 0;
        u < USERS;
        u++) { // a user with no events gets an empty profile, as in the engine
      profiles[u] =
          byUser.getOrDefault("u-" + (u + 1), new UserProfile(ProfileConfig.defaults(), windows));
      inputs[u] = input(u);
    }
    String topSportsItem =
        SyntheticTraffic.builder()
            .seed(Streams.SEED)
            .users(USERS)
            .build()
            .catalog()
            .items(Catalog.CATEGORY_NAMES.indexOf("sports"))
            .get(0)
            .id();
    segment = new SegmentCompiler().compile(expression(condition, topSportsItem));
    int matched = 0;
    for (SegmentInput in : inputs) {
      matched += segment.matches(in) ? 1 : 0;
    }
    System.out.printf(
        "%n%s matches %d of %d users: %s%n", condition, matched, USERS, segment.expression());
  }

  static String expression(String condition, String item) {
    return switch (condition) {
      case "affinity" -> "\"sports\" in profile.affinity && profile.affinity[\"sports\"] > 0.2";
      case "affinity_unguarded" -> "profile.affinity[\"sports\"] > 0.2";
      case "clicks_and_purchase" ->
          "profile.counts[\"click\"][\"10m\"] >= 2 && profile.purchased(\"" + item + "\")";
      default -> throw new IllegalArgumentException("unknown condition " + condition);
    };
  }

  private SegmentInput input(int u) {
    UserProfile p = profiles[u];
    return new SegmentInput("u-" + (u + 1), p.view(nowMillis), new HashSet<>(p.purchasedItems()));
  }

  /** Evaluates the condition on a prepared input. */
  @Benchmark
  public boolean matches() {
    return segment.matches(inputs[next++ & (USERS - 1)]);
  }

  /** Builds the input from the profile, then evaluates the condition. */
  @Benchmark
  public boolean viewAndMatches() {
    return segment.matches(input(next++ & (USERS - 1)));
  }
}
