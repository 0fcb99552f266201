package io.mercato.app.bench;

import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.stats.StatsConfig;
import io.mercato.core.time.Windows;
import io.mercato.testkit.SyntheticTraffic;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Memory per active user profile with the default settings (default windows, {@link ProfileConfig#defaults()}),
 * for the realistic mix of {@link SyntheticTraffic} (seed 5; 1,000,000 users, or 20,000 with
 * {@code --quick}; sessions drawn with mild Zipf user activity, so most users are light and a few heavy).
 * Events are generated one at a time (never retained) with event times spread evenly over one day,
 * and applied to a {@code HashMap<String, UserProfile>} keyed by user id, built like a shard builds
 * its profiles, until every user has an event or 5 events per user were produced. Users without an
 * event have no profile and are not counted.
 *
 * <p>Two measurements:
 * <ul>
 *   <li><b>estimated</b>: the mean of {@link UserProfile#estimatedBytes()} (the profile object, its
 *       arrays and its windowed counts; no id strings).
 *   <li><b>heap</b>: heap used after {@code System.gc()} with the map reachable, minus heap used
 *       after it is dropped, divided by the profiles. It includes what the estimate leaves out: the HashMap entry and table slot, the
 *       user id key string, and the item and category id strings the profile holds. Measured twice:
 *       with every event carrying its own copies of the id strings, as events parsed from JSON do
 *       (profiles without an id pool), and with ids shared across profiles (what the engine's
 *       per-shard id pool gives; the pool itself, counted once per shard, is not included).
 * </ul>
 * Heap numbers assume the JVM's defaults (compressed oops below 32 GiB of heap) and include
 * whatever the garbage collector leaves behind, so they vary by a few bytes between runs.
 *
 * <p>Run: {@code ./mercato bench memory [--quick] [--json]} (full run: give it 4 GiB of heap or more,
 * e.g. {@code java -Xmx8g -jar mercato-app/target/mercato.jar bench memory}).
 */
public final class MemoryBench {
  private static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
  private static final long SPAN_MILLIS = Duration.ofDays(1).toMillis();
  private static final int EVENTS_PER_USER_LIMIT = 5;

  /**
   * The measured result; bytes per profile unless named otherwise.
   *
   * @param heapBytesParsedIds  heap per profile, ids as parsed (own string copies per event)
   * @param heapBytesSharedIds  heap per profile, ids shared between profiles
   */
  public record Result(int users, long events, int profiles, double eventsPerProfileMean,
      int eventsPerProfileP50, int eventsPerProfileP90, int eventsPerProfileP99, int eventsPerProfileMax,
      double estimatedBytesMean, long estimatedBytesP50, long estimatedBytesP99, long estimatedBytesMax,
      double heapBytesParsedIds, double heapBytesSharedIds) {}

  private final boolean quick;
  private final PrintStream log;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  public MemoryBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  public Result run() {
    int users = quick ? 20_000 : 1_000_000;
    long maxEvents = (long) EVENTS_PER_USER_LIMIT * users;
    Windows windows = StatsConfig.defaults().toWindows();
    ProfileConfig config = ProfileConfig.defaults(); // one instance, as in an engine: profiles share it

    int[] perUser = new int[users + 1];
    long[][] estimatedHolder = new long[1][];
    Build parsed = build(users, maxEvents, windows, config, true, perUser, built -> {
      long[] bytes = new long[built.size()];
      int k = 0;
      for (UserProfile p : built.values()) {
        bytes[k++] = p.estimatedBytes();
      }
      estimatedHolder[0] = bytes;
    });
    double heapParsed = parsed.heapBytesPerProfile();
    long[] estimated = estimatedHolder[0];
    int profiles = parsed.profiles();
    long events = parsed.events();
    double heapShared = build(users, maxEvents, windows, config, false, new int[users + 1], built -> { })
        .heapBytesPerProfile();

    Arrays.sort(estimated);
    int[] counts = Arrays.stream(perUser).filter(c -> c > 0).sorted().toArray();
    Result r = new Result(users, events, profiles, (double) events / profiles, counts[counts.length / 2],
        counts[counts.length * 9 / 10], counts[counts.length * 99 / 100], counts[counts.length - 1],
        Arrays.stream(estimated).average().orElse(0), estimated[profiles / 2], estimated[profiles * 99 / 100],
        estimated[profiles - 1], heapParsed, heapShared);
    log.printf("  %,d users, %,d events over one day, %,d profiles (%.1f%% of users); events per profile: mean %.2f, "
            + "p50 %d, p90 %d, p99 %d, max %d%n",
        users, r.events(), profiles, 100.0 * profiles / users, r.eventsPerProfileMean(), r.eventsPerProfileP50(),
        r.eventsPerProfileP90(), r.eventsPerProfileP99(), r.eventsPerProfileMax());
    log.printf("  estimatedBytes(): mean %.0f, p50 %d, p99 %d, max %d bytes per profile (no id strings, no map entry)%n",
        r.estimatedBytesMean(), r.estimatedBytesP50(), r.estimatedBytesP99(), r.estimatedBytesMax());
    log.printf("  heap: %.0f bytes per profile with ids as parsed from JSON (no pool), %.0f with shared ids (the engine's id pool); "
            + "both include the HashMap entry and the user id key%n",
        r.heapBytesParsedIds(), r.heapBytesSharedIds());
    return r;
  }

  /** One build: how many profiles it made, the events it took, and the heap they retain per profile. */
  private record Build(int profiles, long events, double heapBytesPerProfile) {}

  /**
   * Builds the profiles from a fresh generator, lets {@code inspect} look at them, and measures the heap
   * they retain: heap used while the map is reachable minus heap used once it is dropped. Measuring
   * the release rather than the growth keeps garbage of whatever ran before in this JVM (threads and
   * buffers of an earlier harness) out of the number. {@code copyIds} gives every event its own item
   * and category strings, as JSON parsing does.
   */
  private Build build(int users, long maxEvents, Windows windows, ProfileConfig config, boolean copyIds,
      int[] perUser, Consumer<Map<String, UserProfile>> inspect) {
    long[] n = {0};
    SyntheticTraffic traffic = SyntheticTraffic.builder().seed(5).users(users)
        .clock(() -> Instant.ofEpochMilli(T0 + n[0]++ * SPAN_MILLIS / maxEvents)).build();
    Map<String, UserProfile> profiles = new HashMap<>();
    while (traffic.produced() < maxEvents && profiles.size() < users) {
      Event e = traffic.next();
      if (copyIds) {
        e = new Event(e.eventId(), false, e.type(), e.userId(), copy(e.itemId()), copy(e.adId()),
            copy(e.campaignId()), copy(e.category()), e.value(), e.timestampMillis(), e.attributes());
      }
      profiles.computeIfAbsent(e.userId(), u -> new UserProfile(config, windows)).apply(e);
      perUser[Integer.parseInt(e.userId(), 2, e.userId().length(), 10)]++;
    }
    inspect.accept(profiles);
    int count = profiles.size();
    long held = settledHeapUsed();
    Reference.reachabilityFence(profiles);
    profiles = null; // unreachable from here: the next measurement sees the heap without them
    long released = settledHeapUsed();
    return new Build(count, traffic.produced(), (double) (held - released) / count);
  }

  /** A copy with its own bytes ({@code new String(s)} would share them), like a string parsed from JSON. */
  private static String copy(String s) {
    return s == null ? null : String.valueOf(s.toCharArray());
  }

  /** Heap used after full collections, once two in a row agree within 64 KiB (at most 5). */
  private long settledHeapUsed() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(now - used) < 64 << 10) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
