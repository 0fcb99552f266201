package io.mercato.core.event;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The set of custom (non-{@link EventTypes#KNOWN}) event types admitted so far, capped so that
 * per-type state stays bounded (ARCHITECTURE.md §4.5). Thread-safe. Once admitted, a type stays
 * admitted; the cap may be exceeded by at most the number of concurrent callers racing on new types.
 */
public final class CustomTypeRegistry {
  private final int max;
  private final Set<String> types = ConcurrentHashMap.newKeySet();
  private final AtomicInteger size = new AtomicInteger();

  public CustomTypeRegistry(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max custom types must not be negative but was " + max);
    }
    this.max = max;
  }

  /** True when {@code type} is known or admitted (admitting it now if there is room). */
  public boolean admit(String type) {
    if (EventTypes.isKnown(type) || types.contains(type)) {
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

  /** Re-admits types found in recovered state, ignoring the cap (they were admitted before). */
  public void restore(Collection<String> recovered) {
    for (String t : recovered) {
      if (!EventTypes.isKnown(t) && types.add(t)) {
        size.incrementAndGet();
      }
    }
  }

  public int max() {
    return max;
  }
}
