package io.mercato.engine.shard;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.LegacyIds;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One aggregate per key (item, category, campaign...) within a shard. Confined to the shard thread.
 *
 * <pre>varint n | (string key | aggregate)* — keys in ascending order, so equal state gives equal bytes</pre>
 *
 * @param <A> the aggregate type
 */
final class Keyed<A extends Aggregate<A>> {
  private final Map<String, A> map = new HashMap<>();
  private final Supplier<A> factory;

  Keyed(Supplier<A> factory) {
    this.factory = factory;
  }

  /** Applies {@code e} to the aggregate of {@code key}; a null key means the event has no such scope. */
  void apply(String key, Event e) {
    if (key != null) {
      // get/put rather than computeIfAbsent: no capturing lambda per event on this hot path.
      getOrCreate(key).apply(e);
    }
  }

  /** The live aggregate of {@code key}, created empty if absent; {@code key} must not be null. */
  A getOrCreate(String key) {
    A a = map.get(key);
    if (a == null) {
      a = factory.get();
      map.put(key, a);
    }
    return a;
  }

  /** The live aggregate of {@code key}, or null. */
  A get(String key) {
    return map.get(key);
  }

  /** Removes and returns the aggregate of {@code key}, or null. */
  A remove(String key) {
    return map.remove(key);
  }

  int size() {
    return map.size();
  }

  /** Drops the keys whose aggregate satisfies {@code idle}; returns how many. */
  int sweep(Predicate<A> idle) {
    int before = map.size();
    map.values().removeIf(idle);
    return before - map.size();
  }

  void writeTo(BinaryWriter out) {
    out.writeVarLong(map.size());
    new TreeMap<>(map)
        .forEach(
            (k, a) -> {
              out.writeString(k);
              a.writeTo(out);
            });
  }

  /**
   * Reads what {@link #writeTo} wrote. A key read twice is damage, unless an old writer stored two
   * ids that differed by an unpaired surrogate as one {@code ?} id ({@link LegacyIds}): their
   * aggregates are then merged, as if one id had received both entities' events.
   */
  void readFrom(BinaryReader in, Function<BinaryReader, A> reader) {
    int n = in.readLength(Integer.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      String key = in.readString();
      A a = reader.apply(in);
      A before = map.putIfAbsent(key, a);
      if (before != null) {
        if (key.indexOf('?') < 0) {
          throw new CorruptDataException("key \"" + key + "\" appears twice");
        }
        before.merge(a);
      }
    }
  }

  /** Calls {@code action} for every entry (live aggregates). */
  void forEachEntry(BiConsumer<String, A> action) {
    map.forEach(action);
  }

  /** Folds {@code a} into the aggregate of {@code key}. */
  void mergeOne(String key, A a) {
    map.computeIfAbsent(key, x -> factory.get()).merge(a);
  }

  /** Folds every entry of {@code other} into this one (used when the shard count changes). */
  void mergeFrom(Keyed<A> other) {
    other.map.forEach((k, a) -> map.computeIfAbsent(k, x -> factory.get()).merge(a));
  }
}
