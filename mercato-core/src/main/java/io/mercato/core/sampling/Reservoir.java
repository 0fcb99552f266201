package io.mercato.core.sampling;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventCodec;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A uniform sample of at most {@code capacity} of the events offered (Algorithm R), with exact counts
 * of how many were offered in total and per type. Invariant: {@code items} is a uniformly random
 * subset of size {@code min(capacity, seen)} of the events seen; {@link #mergeFrom} keeps it.
 */
final class Reservoir {
  static final int MAX_TYPES = 10_000;

  final int capacity;
  final List<Event> items;
  long seen;
  // Per-type seen counts, so a type-filtered read can weight sub-buckets by that type's population.
  final Map<String, long[]> seenByType = new HashMap<>();

  Reservoir(int capacity) {
    this.capacity = capacity;
    this.items = new ArrayList<>(Math.min(capacity, 16));
  }

  /** Algorithm R: the n-th event replaces a random slot with probability capacity / n. */
  void offer(Event e, RandomGenerator random) {
    seen++;
    seenByType.computeIfAbsent(e.type(), t -> new long[1])[0]++;
    if (items.size() < capacity) {
      items.add(e);
    } else {
      long j = random.nextLong(seen);
      if (j < capacity) {
        items.set((int) j, e);
      }
    }
  }

  long seen(String typeOrNull) {
    if (typeOrNull == null) {
      return seen;
    }
    long[] c = seenByType.get(typeOrNull);
    return c == null ? 0 : c[0];
  }

  Reservoir copy() {
    Reservoir r = new Reservoir(capacity);
    r.items.addAll(items);
    r.seen = seen;
    seenByType.forEach((t, c) -> r.seenByType.put(t, new long[] {c[0]}));
    return r;
  }

  /**
   * Folds {@code other} (disjoint events) in. The merged sample draws {@code m = min(capacity, n1 + n2)}
   * events without replacement from the union population: the number taken from each side is
   * hypergeometric (each draw picks a side with probability proportional to its remaining population),
   * and the events taken from a side are a uniform subset of its sample, which is itself uniform.
   */
  Reservoir mergeFrom(Reservoir other, RandomGenerator random) {
    long a = seen;
    long b = other.seen;
    int m = (int) Math.min(capacity, a + b);
    int fromA = 0;
    for (int i = 0; i < m; i++) {
      if (random.nextLong(a + b) < a) {
        fromA++;
        a--;
      } else {
        b--;
      }
    }
    List<Event> merged = new ArrayList<>(m);
    takeRandom(items, fromA, merged, random);
    takeRandom(other.items, m - fromA, merged, random);
    items.clear();
    items.addAll(merged);
    seen += other.seen;
    other.seenByType.forEach((t, c) -> seenByType.computeIfAbsent(t, x -> new long[1])[0] += c[0]);
    return this;
  }

  /** Appends {@code k} distinct random elements of {@code from} (partial Fisher–Yates on a copy). */
  static void takeRandom(List<Event> from, int k, List<Event> to, RandomGenerator random) {
    List<Event> pool = new ArrayList<>(from);
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(pool.size() - i);
      Event picked = pool.get(j);
      pool.set(j, pool.get(i));
      pool.set(i, picked);
      to.add(picked);
    }
  }

  /** {@code varint seen | varint typeCount | (string type | varint n)* | varint size | event*} */
  void writeTo(BinaryWriter out) {
    out.writeVarLong(seen);
    Map<String, long[]> sorted = new TreeMap<>(seenByType);
    out.writeVarLong(sorted.size());
    sorted.forEach((t, c) -> out.writeString(t).writeVarLong(c[0]));
    out.writeVarLong(items.size());
    for (Event e : items) {
      EventCodec.write(e, out);
    }
  }

  static Reservoir read(BinaryReader in, int capacity) {
    Reservoir r = new Reservoir(capacity);
    r.seen = in.readVarLong();
    int types = in.readLength(MAX_TYPES);
    long sum = 0;
    for (int i = 0; i < types; i++) {
      String t = in.readString();
      long n = in.readVarLong();
      r.seenByType.put(t, new long[] {n});
      sum += n;
    }
    int size = in.readLength(capacity);
    for (int i = 0; i < size; i++) {
      r.items.add(EventCodec.read(in));
    }
    if (r.seen < 0 || sum != r.seen || size != Math.min(capacity, r.seen)) {
      throw new CorruptDataException(
          "reservoir counts are inconsistent: seen "
              + r.seen
              + ", per type "
              + sum
              + ", sample "
              + size
              + " of capacity "
              + capacity);
    }
    return r;
  }
}
