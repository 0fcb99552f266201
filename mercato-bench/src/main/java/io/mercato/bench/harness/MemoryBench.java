package io.mercato.bench.harness;

import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.StatsConfig;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import io.mercato.synthetic.SyntheticTraffic;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Memory per active user profile, per item and per ad, with the default settings (default windows, {@link ProfileConfig#defaults()}),
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
 * <p>Per item and per ad, from the same events (the same generator, clock and count, replayed in a
 * third pass), applied as an engine shard applies them: every event with an item to that item's
 * {@link KeyState} (no trending, no values: windowed counts and distinct users), every event with an
 * ad to that ad's {@link WindowedCounts}. The mix has 2,000 items (SyntheticTraffic's default catalog,
 * Zipf popularity within each category, so most items are cold and a few hot) and 15 ads, which see
 * many events each (every window well filled: an upper end, not a mean over a realistic ad count).
 * <ul>
 *   <li><b>item binary</b>: the mean size of {@link KeyState#writeTo} (the snapshot form), and the
 *       mean {@link WindowedCounts#estimatedBytes()} of its counts. KeyState has no in-memory
 *       estimate, so the distinct-user sketch is only in the binary and heap numbers.
 *   <li><b>item heap</b>: as for profiles, heap used with the item map reachable minus after it is
 *       dropped, per item; includes the HashMap entry and the item id key string (a copy, as parsed).
 *   <li><b>ad</b>: mean {@link WindowedCounts#estimatedBytes()} and binary size per ad. No heap
 *       difference: 15 objects are below what the heap reading resolves. The ad's entry in the ad
 *       ledger (a campaign's {@code HashMap<String, long[2]>} of impressions and clicks) is not
 *       measured but computed from the layout: a 32-byte map node, a 32-byte {@code long[2]} and
 *       a 4-byte table slot at the map's load factor of at most 0.75 (about 5 bytes), 69 bytes; the
 *       ad id key is the ad definition's string and not counted.
 * </ul>
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
  public record Result(
      int users,
      long events,
      int profiles,
      double eventsPerProfileMean,
      int eventsPerProfileP50,
      int eventsPerProfileP90,
      int eventsPerProfileP99,
      int eventsPerProfileMax,
      double estimatedBytesMean,
      long estimatedBytesP50,
      long estimatedBytesP99,
      long estimatedBytesMax,
      double heapBytesParsedIds,
      double heapBytesSharedIds,
      int items,
      double eventsPerItemMean,
      double itemBinaryBytesMean,
      long itemBinaryBytesP50,
      long itemBinaryBytesP99,
      long itemBinaryBytesMax,
      double itemCountsEstimatedBytesMean,
      double itemHeapBytes,
      int ads,
      double eventsPerAdMean,
      double adCountsEstimatedBytesMean,
      double adBinaryBytesMean,
      int adLedgerEntryBytesComputed) {}

  /** An ad's entry in a campaign's ledger map, from the layout (see the class comment): not measured. */
  static final int AD_LEDGER_ENTRY_BYTES = 32 + 32 + 5;

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
    ProfileConfig config =
        ProfileConfig.defaults(); // one instance, as in an engine: profiles share it

    int[] perUser = new int[users + 1];
    long[][] estimatedHolder = new long[1][];
    Build parsed =
        build(
            users,
            maxEvents,
            windows,
            config,
            true,
            perUser,
            built -> {
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
    double heapShared =
        build(users, maxEvents, windows, config, false, new int[users + 1], built -> {})
            .heapBytesPerProfile();

    Keys keys = keys(users, maxEvents, events, windows);

    Arrays.sort(estimated);
    int[] counts = Arrays.stream(perUser).filter(c -> c > 0).sorted().toArray();
    Result r =
        new Result(
            users,
            events,
            profiles,
            (double) events / profiles,
            counts[counts.length / 2],
            counts[counts.length * 9 / 10],
            counts[counts.length * 99 / 100],
            counts[counts.length - 1],
            Arrays.stream(estimated).average().orElse(0),
            estimated[profiles / 2],
            estimated[profiles * 99 / 100],
            estimated[profiles - 1],
            heapParsed,
            heapShared,
            keys.items(),
            keys.eventsPerItem(),
            Arrays.stream(keys.itemBinary()).average().orElse(0),
            keys.itemBinary()[keys.items() / 2],
            keys.itemBinary()[keys.items() * 99 / 100],
            keys.itemBinary()[keys.items() - 1],
            keys.itemCountsEstimated(),
            keys.itemHeap(),
            keys.ads(),
            keys.eventsPerAd(),
            keys.adEstimated(),
            keys.adBinary(),
            AD_LEDGER_ENTRY_BYTES);
    log.printf(
        "  %,d users, %,d events over one day, %,d profiles (%.1f%% of users); events per profile: mean %.2f, "
            + "p50 %d, p90 %d, p99 %d, max %d%n",
        users,
        r.events(),
        profiles,
        100.0 * profiles / users,
        r.eventsPerProfileMean(),
        r.eventsPerProfileP50(),
        r.eventsPerProfileP90(),
        r.eventsPerProfileP99(),
        r.eventsPerProfileMax());
    log.printf(
        "  estimatedBytes(): mean %.0f, p50 %d, p99 %d, max %d bytes per profile (no id strings, no map entry)%n",
        r.estimatedBytesMean(),
        r.estimatedBytesP50(),
        r.estimatedBytesP99(),
        r.estimatedBytesMax());
    log.printf(
        "  heap: %.0f bytes per profile with ids as parsed from JSON (no pool), %.0f with shared ids (the engine's id pool); "
            + "both include the HashMap entry and the user id key%n",
        r.heapBytesParsedIds(), r.heapBytesSharedIds());
    log.printf(
        "  per item (%,d items, %.1f events each on average; KeyState: windowed counts + distinct users): "
            + "binary form mean %.0f, p50 %d, p99 %d, max %d bytes; counts' estimatedBytes() mean %.0f; "
            + "heap %.0f bytes (with the map entry and the id key)%n",
        r.items(),
        r.eventsPerItemMean(),
        r.itemBinaryBytesMean(),
        r.itemBinaryBytesP50(),
        r.itemBinaryBytesP99(),
        r.itemBinaryBytesMax(),
        r.itemCountsEstimatedBytesMean(),
        r.itemHeapBytes());
    log.printf(
        "  per ad (%,d ads, %,.0f events each on average; WindowedCounts): estimatedBytes() mean %.0f, "
            + "binary form mean %.0f bytes; plus about %d bytes for its entry in the ad ledger (computed from the "
            + "layout, not measured)%n",
        r.ads(),
        r.eventsPerAdMean(),
        r.adCountsEstimatedBytesMean(),
        r.adBinaryBytesMean(),
        r.adLedgerEntryBytesComputed());
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
  private Build build(
      int users,
      long maxEvents,
      Windows windows,
      ProfileConfig config,
      boolean copyIds,
      int[] perUser,
      Consumer<Map<String, UserProfile>> inspect) {
    long[] n = {0};
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(5)
            .users(users)
            .clock(() -> Instant.ofEpochMilli(T0 + n[0]++ * SPAN_MILLIS / maxEvents))
            .build();
    Map<String, UserProfile> profiles = new HashMap<>();
    while (traffic.produced() < maxEvents && profiles.size() < users) {
      Event e = traffic.next();
      if (copyIds) {
        e =
            new Event(
                e.eventId(),
                false,
                e.type(),
                e.userId(),
                copy(e.itemId()),
                copy(e.adId()),
                copy(e.campaignId()),
                copy(e.category()),
                e.value(),
                e.timestampMillis(),
                e.attributes());
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

  /** Item and ad state built from the same events as the profiles. */
  private record Keys(
      int items,
      double eventsPerItem,
      long[] itemBinary,
      double itemCountsEstimated,
      double itemHeap,
      int ads,
      double eventsPerAd,
      double adEstimated,
      double adBinary) {}

  /**
   * Replays the first {@code events} events of the profile builds into per-item {@link KeyState}s and
   * per-ad {@link WindowedCounts}, as a shard does, and measures them (binary size, estimates, and
   * the heap the item map retains).
   */
  private Keys keys(int users, long maxEvents, long events, Windows windows) {
    long[] n = {0};
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(5)
            .users(users)
            .clock(() -> Instant.ofEpochMilli(T0 + n[0]++ * SPAN_MILLIS / maxEvents))
            .build();
    Map<String, KeyState> items = new HashMap<>();
    Map<String, WindowedCounts> ads = new HashMap<>();
    long itemEvents = 0;
    long adEvents = 0;
    while (traffic.produced() < events) {
      Event e = traffic.next();
      if (e.itemId() != null) {
        KeyState k = items.get(e.itemId());
        if (k == null) {
          k = new KeyState(windows, false, false, true);
          items.put(
              copy(e.itemId()), k); // the key as a parsed event's own string, as a shard keeps it
        }
        k.apply(e, WindowedDistinct.userHash(e.userId()));
        itemEvents++;
      }
      if (e.adId() != null) {
        ads.computeIfAbsent(copy(e.adId()), a -> new WindowedCounts(windows)).apply(e);
        adEvents++;
      }
    }
    BinaryWriter out = new BinaryWriter(1 << 16);
    long[] itemBinary = new long[items.size()];
    long countsEstimated = 0;
    int k = 0;
    for (KeyState s : items.values()) {
      s.writeTo(out.reset());
      itemBinary[k++] = out.size();
      countsEstimated += s.counts().estimatedBytes();
    }
    Arrays.sort(itemBinary);
    long adEstimated = 0;
    long adBinary = 0;
    for (WindowedCounts c : ads.values()) {
      adEstimated += c.estimatedBytes();
      c.writeTo(out.reset());
      adBinary += out.size();
    }
    int itemCount = items.size();
    int adCount = ads.size();
    long held = settledHeapUsed();
    Reference.reachabilityFence(items);
    items = null; // unreachable from here
    long released = settledHeapUsed();
    Reference.reachabilityFence(ads);
    return new Keys(
        itemCount,
        (double) itemEvents / Math.max(1, itemCount),
        itemBinary,
        (double) countsEstimated / Math.max(1, itemCount),
        (double) (held - released) / Math.max(1, itemCount),
        adCount,
        (double) adEvents / Math.max(1, adCount),
        (double) adEstimated / Math.max(1, adCount),
        (double) adBinary / Math.max(1, adCount));
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
