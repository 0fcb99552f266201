package io.mercato.core.event;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The custom (non-{@link EventTypes#KNOWN}) event types admitted so far. Declared types
 * ({@link EventLimits#customTypes()}) are always admitted and take no room; undeclared ones are
 * admitted until {@code max} of them are, so per-type state stays bounded (ARCHITECTURE.md §4.5).
 *
 * <p>Why this rule: a business relies on the types of its tracking plan, and one client sending 100
 * made-up types once used up the room so that the next real type was refused. Declaring the types one
 * relies on makes them immune to that; undeclared types still work out of the box up to the quota,
 * and the refusal says how to declare a type or raise the quota. (Admitting a type only after some
 * number of events would drop the first events of every real new type, or keep state for every
 * candidate type, which is what the quota exists to bound.)
 *
 * <p>Thread-safe. Once admitted, a type stays admitted; the quota may be exceeded by at most the
 * number of concurrent callers racing on new types.
 */
public final class CustomTypeRegistry {
  private final int max;
  private final Set<String> declared;
  private final Set<String> types = ConcurrentHashMap.newKeySet();
  private final AtomicInteger size = new AtomicInteger();

  /** A registry without declared types. */
  public CustomTypeRegistry(int max) {
    this(max, Set.of());
  }

  /**
   * @param max      undeclared custom types admitted at most
   * @param declared types always admitted, not counted against {@code max}
   */
  public CustomTypeRegistry(int max, Set<String> declared) {
    if (max < 0) {
      throw new IllegalArgumentException("max custom types must not be negative but was " + max);
    }
    this.max = max;
    this.declared = Set.copyOf(declared);
  }

  /** True when {@code type} is known, declared or admitted (admitting it now if there is room). */
  public boolean admit(String type) {
    if (EventTypes.isKnown(type) || declared.contains(type) || types.contains(type)) {
      return true;
    }
    if (size.get() >= max) {
      return false;
    }
    if (types.add(type)) {
      size.incrementAndGet();
    }
    return true;
  }

  /** Re-admits types found in recovered state, ignoring the quota (they were admitted before). */
  public void restore(Collection<String> recovered) {
    for (String t : recovered) {
      if (!EventTypes.isKnown(t) && !declared.contains(t) && types.add(t)) {
        size.incrementAndGet();
      }
    }
  }

  /** The most undeclared custom types admitted. */
  public int max() {
    return max;
  }

  /** Undeclared custom types admitted so far. */
  public int undeclared() {
    return size.get();
  }
}
