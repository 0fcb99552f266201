package io.mercato.core.state;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.profile.Interner;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics and profiles of the cluster runtime as keyed state: which {@link StateKey}s one
 * event updates ({@link #keysOf}), the aggregate each key holds ({@link #create}), and its binary
 * form ({@link #write}, {@link #read}). The Flink job keeps one aggregate per key in keyed state and
 * writes its bytes to Redis; API nodes read the bytes back into the same objects and answer with the
 * same views as the embedded engine, which holds the same aggregates in its shards.
 *
 * <p>Per event: the user's profile, the item, category, campaign and ad of the event where present,
 * every configured composite key whose fields are present, and one of {@code globalPartitions}
 * global partitions chosen by a hash of the user id. Equal configuration gives equal keys and equal
 * aggregates, so the embedded and the cluster runtime agree.
 *
 * <p>Immutable and thread-safe; the aggregates it creates are single-threaded.
 */
public final class KeyedAggregates {
  /**
   * Default count of global partitions. Readers decode and merge every partition per request (HLL and
   * KLL merges cost tens to hundreds of µs each), so few partitions keep reads cheap, while more than
   * one keeps the global scope from being a single hot key for the writer.
   */
  public static final int DEFAULT_GLOBAL_PARTITIONS = 4;

  private final Windows windows;
  private final RoutingPlan plan;
  private final ProfileConfig profile;
  private final int globalPartitions;

  /**
   * @param globalPartitions how many partial global aggregates the stream is spread over (≥ 1);
   *                         readers merge them all
   */
  public KeyedAggregates(
      Windows windows, List<CompositeKey> composites, ProfileConfig profile, int globalPartitions) {
    if (globalPartitions < 1) {
      throw new IllegalArgumentException(
          "globalPartitions must be at least 1: " + globalPartitions);
    }
    this.windows = windows;
    this.plan = new RoutingPlan(composites);
    this.profile = profile;
    this.globalPartitions = globalPartitions;
  }

  public Windows windows() {
    return windows;
  }

  public List<CompositeKey> composites() {
    return plan.composites();
  }

  public ProfileConfig profile() {
    return profile;
  }

  public int globalPartitions() {
    return globalPartitions;
  }

  /** The keys of every global partition, for readers that merge them. */
  public List<StateKey> globalKeys() {
    List<StateKey> keys = new ArrayList<>(globalPartitions);
    for (int i = 0; i < globalPartitions; i++) {
      keys.add(new StateKey(StateKind.GLOBAL, Integer.toString(i)));
    }
    return keys;
  }

  /** The routing rule the keys come from, shared with the embedded engine's shards. */
  public RoutingPlan plan() {
    return plan;
  }

  /**
   * Every key {@code e} updates ({@link RoutingPlan}), in its fixed order (user first, global last);
   * a composite scope's key is {@code name|key}, the global one the user's partition.
   */
  public List<StateKey> keysOf(Event e) {
    List<StateKey> keys = new ArrayList<>(6 + plan.composites().size());
    plan.route(
        e,
        new RoutingPlan.Targets<RuntimeException>() {
          @Override
          public void user(String userId, Event ev) {
            keys.add(new StateKey(StateKind.USER, userId));
          }

          @Override
          public void item(String itemId, Event ev) {
            keys.add(new StateKey(StateKind.ITEM, itemId));
          }

          @Override
          public void category(String category, Event ev) {
            keys.add(new StateKey(StateKind.CATEGORY, category));
          }

          @Override
          public void campaign(String campaignId, Event ev) {
            keys.add(new StateKey(StateKind.CAMPAIGN, campaignId));
          }

          @Override
          public void ad(String adId, Event ev) {
            keys.add(new StateKey(StateKind.AD, adId));
          }

          @Override
          public void composite(int index, String key, Event ev) {
            keys.add(
                new StateKey(StateKind.COMPOSITE, plan.composites().get(index).name() + "|" + key));
          }

          @Override
          public void global(Event ev) {
            keys.add(
                new StateKey(StateKind.GLOBAL, Integer.toString(globalPartition(ev.userId()))));
          }
        });
    return keys;
  }

  /** The global partition of a user's events. */
  public int globalPartition(String userId) {
    return (int) Math.floorMod(WindowedDistinct.userHash(userId), (long) globalPartitions);
  }

  /** A new, empty aggregate for {@code key}. */
  public Aggregate<?> create(StateKey key) {
    return switch (key.kind()) {
      case GLOBAL -> new GlobalAggregates(windows);
      case USER -> new UserProfile(profile, windows, Interner.identity());
      case ITEM -> new KeyState(windows, false, false, true);
      case CATEGORY -> new KeyState(windows, true, false);
      case CAMPAIGN -> new KeyState(windows, false, true);
      case AD, COMPOSITE -> new WindowedCounts(windows);
      case CAMPAIGN_ADS -> throw notHere();
      default ->
          throw new IllegalArgumentException(
              key.kind() + " is recommendation state, not a keyed aggregate");
    };
  }

  /** The binary form of an aggregate this class created or read. */
  public static byte[] write(Aggregate<?> aggregate) {
    BinaryWriter out = new BinaryWriter();
    aggregate.writeTo(out);
    return out.toByteArray();
  }

  /**
   * Reads the bytes {@link #write} produced for a key of {@code kind}.
   *
   * @throws io.mercato.core.io.CorruptDataException when the bytes are not such a form
   */
  public Aggregate<?> read(StateKind kind, byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    return switch (kind) {
      case GLOBAL -> GlobalAggregates.read(in, windows);
      case USER -> UserProfile.read(in, profile, windows, Interner.identity());
      case ITEM -> KeyState.read(in, windows, false, false, true);
      case CATEGORY -> KeyState.read(in, windows, true, false);
      case CAMPAIGN -> KeyState.read(in, windows, false, true);
      case AD, COMPOSITE -> WindowedCounts.read(in, windows);
      case CAMPAIGN_ADS -> throw notHere();
      default ->
          throw new IllegalArgumentException(
              kind + " is recommendation state, not a keyed aggregate");
    };
  }

  private static IllegalArgumentException notHere() {
    return new IllegalArgumentException(
        "campaign statistics are io.mercato.core.ads.decide.CampaignStats, "
            + "applied with the campaign definitions; they are not keyed aggregates");
  }
}
