package io.mercato.bench;

import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.assign.Assigner;
import io.mercato.core.experiment.assign.Assignment;
import io.mercato.core.experiment.assign.ExposureLog;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.time.Windows;
import io.mercato.synthetic.SyntheticTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * What experiment assignment adds to a request (issue 20: at most 20 µs at the 99th percentile): the
 * {@link Assigner} deciding the user's arm — a global and a campaign holdout bucket, the targeting
 * condition, the weighted rendezvous over the arms — and the {@link ExposureLog} deciding whether the
 * exposure is the user's first in that arm. Measured in JMH's sample-time mode, so the result has the
 * percentiles (read {@code p0.99}).
 *
 * <p>Parameters: {@code arms} 2 or 10; {@code targeting} {@code none} or {@code affinity}
 * ({@code "sports" in profile.affinity && profile.affinity["sports"] > 0.2}, evaluated on a prepared
 * profile input as {@code SegmentBenchmark.matches} does; building the profile view is the request's
 * cost whether or not it is in an experiment, see {@code SegmentBenchmark.viewAndMatches}).
 *
 * <p>Setup: {@value #USERS} users with profiles from 2 hours of {@link SyntheticTraffic} (seed
 * {@value Streams#SEED}, {@value #EVENTS} events, Zipf activity); each operation assigns the next user
 * of the cycle. The exposure log starts empty and holds at most {@code USERS × arms} pairs.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar ExperimentAssignmentBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExperimentAssignmentBenchmark {
  static final int USERS = 1_024; // a power of two: the index wraps with a mask
  static final int EVENTS = 100_000;
  static final Instant NOW = Instant.parse("2026-11-01T02:00:00Z");

  /** Arms of the experiment. */
  @Param({"2", "10"})
  public int arms;

  /** {@code none} or {@code affinity}; see the class comment. */
  @Param({"none", "affinity"})
  public String targeting;

  private Assigner assigner;
  private ExposureLog exposures;
  private String[] userIds;
  private SegmentInput[] inputs;
  private int next;

  @Setup
  public void setUp() {
    SyntheticTraffic.Builder traffic = SyntheticTraffic.builder().seed(Streams.SEED).users(USERS);
    Streams.Timeline t = Streams.timeline(traffic, EVENTS, Duration.ofHours(2), 0, Duration.ZERO);
    Windows windows = Windows.defaults();
    Map<String, UserProfile> byUser = new LinkedHashMap<>();
    for (Event e : t.history()) {
      byUser
          .computeIfAbsent(e.userId(), u -> new UserProfile(ProfileConfig.defaults(), windows))
          .apply(e);
    }
    userIds = new String[USERS];
    inputs = new SegmentInput[USERS];
    for (int u = 0; u < USERS; u++) {
      userIds[u] = "u-" + (u + 1);
      UserProfile p =
          byUser.getOrDefault(userIds[u], new UserProfile(ProfileConfig.defaults(), windows));
      inputs[u] =
          new SegmentInput(userIds[u], p.view(t.endMillis()), new HashSet<>(p.purchasedItems()));
    }
    SegmentCompiler segments = new SegmentCompiler();
    ExperimentDefinition d =
        new ExperimentRules(EventLimits.defaults(), segments)
            .read(
                AdsJson.parseObject(definition(arms, targeting).getBytes(StandardCharsets.UTF_8)),
                "bench",
                1,
                0);
    assigner = new Assigner(d, segments);
    exposures = new ExposureLog(USERS * arms + 1);
  }

  static String definition(int arms, String targeting) {
    StringBuilder armList = new StringBuilder();
    StringBuilder weights = new StringBuilder();
    for (int a = 0; a < arms; a++) {
      String sep = a == 0 ? "" : ", ";
      armList
          .append(sep)
          .append("{\"name\": \"arm-")
          .append(a)
          .append(
              "\", \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \"item_cf\"}}");
      weights.append(sep).append("\"arm-").append(a).append("\": ").append(1 + a % 3);
    }
    String condition =
        targeting.equals("none")
            ? ""
            : ", \"targeting\": \"\\\"sports\\\" in profile.affinity && profile.affinity[\\\"sports\\\"] > 0.2\"";
    return "{\"name\": \"bench\", \"start\": \"2026-11-01T00:00:00Z\", \"primary_metric\": \"conversion\","
        + " \"arms\": ["
        + armList
        + "], \"weights\": {"
        + weights
        + "}"
        + condition
        + ", \"holdouts\": {\"global\": 0.05, \"campaigns\": [{\"campaign_id\": \"spring-sale\", \"share\": 0.1}]}}";
  }

  /** Assigns the next user and checks whether this exposure is the first. */
  @Benchmark
  public boolean assignAndLogExposure() {
    int u = next++ & (USERS - 1);
    SegmentInput input = inputs[u];
    Assignment a = assigner.assign(userIds[u], NOW, () -> input);
    return a.exposed()
        && exposures.firstExposure(a.arm() == null ? "holdout" : a.arm(), userIds[u]);
  }
}
