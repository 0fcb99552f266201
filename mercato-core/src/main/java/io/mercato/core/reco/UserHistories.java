package io.mercato.core.reco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The users of the recommendation state, each with its interaction history ({@link UserNode}: the
 * items, weights and kinds as primitive arrays), by id, with first-seen ordinals. One writer
 * ({@link RecoState}'s) adds and drops users; any thread reads.
 */
final class UserHistories {
  private final ConcurrentHashMap<String, UserNode> users = new ConcurrentHashMap<>();
  private int nextUser; // writer

  /** The user's node, or null. */
  UserNode get(String id) {
    return users.get(id);
  }

  /** The user's node, created with the next ordinal when new (writer). */
  UserNode getOrCreate(String id) {
    UserNode u = users.get(id);
    if (u == null) {
      u = new UserNode(nextUser++, id);
      users.put(u.id, u);
    }
    return u;
  }

  /** A new node with the next ordinal, not yet listed (reading a stored state: {@link #put} lists it). */
  UserNode newNode(String id) {
    return new UserNode(nextUser++, id);
  }

  void put(UserNode u) {
    users.put(u.id, u);
  }

  void remove(String id) {
    users.remove(id);
  }

  boolean contains(String id) {
    return users.containsKey(id);
  }

  int size() {
    return users.size();
  }

  /** A copy of every user id (writer thread, for copying the whole state). */
  List<String> ids() {
    return new ArrayList<>(users.keySet());
  }

  /** Every user, in ordinal (first-seen) order. */
  List<UserNode> inOrder() {
    List<UserNode> live = new ArrayList<>(users.values());
    live.sort((a, b) -> Integer.compare(a.index, b.index));
    return live;
  }

  /**
   * Drops users whose newest event is before {@code cutoff}, marking them removed and telling
   * {@code dropped} of each (writer).
   *
   * @return how many
   */
  int sweep(long cutoff, Consumer<UserNode> dropped) {
    int n = 0;
    for (var iter = users.values().iterator(); iter.hasNext(); ) {
      UserNode u = iter.next();
      if (u.lastMillis < cutoff) {
        u.removed = true;
        dropped.accept(u);
        iter.remove();
        n++;
      }
    }
    return n;
  }
}
