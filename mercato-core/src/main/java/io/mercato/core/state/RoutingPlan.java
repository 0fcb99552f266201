package io.mercato.core.state;

import io.mercato.core.event.Event;
import io.mercato.core.stats.CompositeKey;
import java.util.List;

/**
 * Which aggregates one accepted event updates, written once for both runtimes: its user's profile;
 * the item, category, campaign and ad it names (each only where present); every configured composite
 * key whose fields are all present; and the global scope. The embedded shards
 * ({@code ShardState}) apply the event to the aggregates they hold for these keys; the Flink job fans
 * it out to one keyed aggregate per key ({@link KeyedAggregates#keysOf}). Equal configuration gives
 * equal routes, so both runtimes update the same aggregates.
 *
 * <p>Routing calls the {@link Targets} in a fixed order (user, item, category, campaign, ad,
 * composites in configuration order, global), allocating nothing: the embedded shard routes every
 * event on its hot path. Immutable and thread-safe.
 */
public final class RoutingPlan {
  /**
   * Receives the keys of one event, one call per aggregate it updates.
   *
   * @param <X> what a receiver may throw (none on the embedded hot path)
   */
  public interface Targets<X extends Exception> {
    /** The profile of {@code userId} (every event has one). */
    void user(String userId, Event e) throws X;

    /** The item scope of {@code itemId}. */
    void item(String itemId, Event e) throws X;

    /** The category scope of {@code category}. */
    void category(String category, Event e) throws X;

    /** The campaign scope of {@code campaignId}. */
    void campaign(String campaignId, Event e) throws X;

    /** The ad scope of {@code adId}. */
    void ad(String adId, Event e) throws X;

    /**
     * The composite scope {@code key} of the plan's composite number {@code index}
     * ({@link #composites()}{@code .get(index)}).
     */
    void composite(int index, String key, Event e) throws X;

    /** The global scope (every event). */
    void global(Event e) throws X;
  }

  private final CompositeKey[] composites;
  private final List<CompositeKey> compositeList;

  /** @param composites the configured composite scopes, in configuration order */
  public RoutingPlan(List<CompositeKey> composites) {
    this.compositeList = List.copyOf(composites);
    this.composites = compositeList.toArray(new CompositeKey[0]);
  }

  /** The composite scopes, in the order their indices refer to. */
  public List<CompositeKey> composites() {
    return compositeList;
  }

  /** Calls {@code to} once for each aggregate {@code e} updates, in the order of the class comment. */
  public <X extends Exception> void route(Event e, Targets<X> to) throws X {
    to.user(e.userId(), e);
    if (e.itemId() != null) {
      to.item(e.itemId(), e);
    }
    if (e.category() != null) {
      to.category(e.category(), e);
    }
    if (e.campaignId() != null) {
      to.campaign(e.campaignId(), e);
    }
    if (e.adId() != null) {
      to.ad(e.adId(), e);
    }
    for (int i = 0; i < composites.length; i++) {
      String key = composites[i].keyOf(e);
      if (key != null) {
        to.composite(i, key, e);
      }
    }
    to.global(e);
  }
}
