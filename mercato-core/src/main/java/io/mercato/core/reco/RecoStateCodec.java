package io.mercato.core.reco;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.LegacyIds;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The versioned binary form of a {@link RecoState} (snapshots, Flink checkpoints). Ordinals are
 * renumbered densely in first-seen order, so two states built from the same events write the same
 * bytes; items refer to each other and users to items by those dense ordinals.
 *
 * <pre>
 * v1: int magic "RECO" | byte 1 | long popularityRef | long newestMillis | long interactions
 *     | varint items | (string id | [string category] | long lastMillis | varint userCount
 *        | varint userCountAtRebuild | double popularity | pairs cooccurrence | pairs neighbours)*
 *     | varint users | (string id | long lastMillis | varint n | (varint item | float weight | byte kind)*)*
 *     | per item, in item order: varint n | (varint user | float weight)*       (the user rings)
 * pairs: varint n | (varint item | varint count)* in ascending item order
 * </pre>
 */
final class RecoStateCodec {
  private static final int MAGIC = 0x5245434F; // "RECO"
  private static final int VERSION = 1;

  private RecoStateCodec() {}

  /** Writes {@code s} (its writer thread, or no writer running). */
  static void write(RecoState s, BinaryWriter w) {
    w.writeInt(MAGIC).writeByte(VERSION);
    w.writeLong(s.popularity.ref()).writeLong(s.newestMillis()).writeLong(s.interactions());
    ItemRings items = s.items;
    int[] dense = new int[items.limit()];
    Arrays.fill(dense, -1);
    List<ItemNode> live = new ArrayList<>();
    for (int i = 0; i < items.limit(); i++) {
      ItemNode it = items.slot(i);
      if (it != null && !it.removed) {
        dense[i] = live.size();
        live.add(it);
      }
    }
    List<UserNode> liveUsers = s.users.inOrder();
    // Primitive maps and sorts below, not boxed pairs: this runs on the writer thread, which stops
    // applying interactions meanwhile, so its cost is a stall of ingestion (bench recovery).
    // UserNode
    // keeps Object's identity equals and hashCode, so this map is by identity.
    Object2IntOpenHashMap<UserNode> userDense = new Object2IntOpenHashMap<>(liveUsers.size());
    userDense.defaultReturnValue(-1);
    for (int i = 0; i < liveUsers.size(); i++) {
      userDense.put(liveUsers.get(i), i);
    }
    w.writeVarLong(live.size());
    long[] pairs = new long[16];
    for (ItemNode it : live) {
      w.writeString(it.id);
      writeNullable(w, it.category);
      w.writeLong(it.lastMillis).writeVarLong(it.userCount).writeVarLong(it.userCountAtRebuild);
      w.writeDouble(it.popularity);
      int n = 0;
      if (it.cooccurrence != null) {
        pairs = ensure(pairs, it.cooccurrence.size());
        for (Int2IntMap.Entry e : it.cooccurrence.int2IntEntrySet()) {
          int d = e.getIntKey() < dense.length ? dense[e.getIntKey()] : -1;
          if (d >= 0) {
            pairs[n++] = pair(d, e.getIntValue());
          }
        }
      }
      writePairsByKey(w, pairs, n);
      int[][] nb = it.neighbours();
      pairs = ensure(pairs, nb[0].length);
      n = 0;
      for (int i = 0; i < nb[0].length; i++) {
        int d = dense[nb[0][i]];
        if (d >= 0) {
          pairs[n++] = pair(d, nb[1][i]);
        }
      }
      writePairsByKey(w, pairs, n);
    }
    w.writeVarLong(liveUsers.size());
    for (UserNode u : liveUsers) {
      UserNode.History h = u.copy();
      w.writeString(u.id).writeLong(u.lastMillis);
      int n = 0;
      for (int i = 0; i < h.size(); i++) {
        if (dense[h.items()[i]] >= 0) {
          n++;
        }
      }
      w.writeVarLong(n);
      for (int i = 0; i < h.size(); i++) {
        int d = dense[h.items()[i]];
        if (d >= 0) {
          w.writeVarLong(d).writeInt(Float.floatToIntBits(h.weights()[i])).writeByte(h.kinds()[i]);
        }
      }
    }
    int[] ringUsers = new int[16];
    float[] ringWeights = new float[16];
    for (ItemNode it : live) {
      int[] count = {0};
      int[][] users = {ringUsers};
      float[][] weights = {ringWeights};
      it.forEachUser(
          Integer.MAX_VALUE,
          (u, wt) -> {
            int d = userDense.getInt(u);
            if (d >= 0) {
              if (count[0] == users[0].length) {
                users[0] = Arrays.copyOf(users[0], count[0] * 2);
                weights[0] = Arrays.copyOf(weights[0], count[0] * 2);
              }
              users[0][count[0]] = d;
              weights[0][count[0]++] = wt;
            }
          });
      ringUsers = users[0];
      ringWeights = weights[0];
      w.writeVarLong(count[0]);
      for (int i = 0; i < count[0]; i++) {
        w.writeVarLong(ringUsers[i]).writeInt(Float.floatToIntBits(ringWeights[i]));
      }
    }
  }

  /** A (key ≥ 0, value) pair packed so that sorting the longs sorts by key (keys are distinct). */
  private static long pair(int key, int value) {
    return ((long) key << 32) | (value & 0xFFFF_FFFFL);
  }

  private static long[] ensure(long[] a, int n) {
    return a.length >= n ? a : new long[Math.max(n, a.length * 2)];
  }

  /** {@code varint n | (varint key | varint value)*} in ascending key order. */
  private static void writePairsByKey(BinaryWriter w, long[] pairs, int n) {
    Arrays.sort(pairs, 0, n);
    w.writeVarLong(n);
    for (int i = 0; i < n; i++) {
      w.writeVarLong((int) (pairs[i] >>> 32)).writeVarLong((int) pairs[i]);
    }
  }

  private static void writeNullable(BinaryWriter w, String s) {
    w.writeBoolean(s != null);
    if (s != null) {
      w.writeString(s);
    }
  }

  /**
   * Reads a state {@link #write} wrote; the caps of {@code config} apply from now on (a smaller cap
   * trims at the next update of each list).
   *
   * @throws CorruptDataException on a bad magic, unknown version or truncated input
   */
  static RecoState read(BinaryReader r, RecoConfig config) {
    if (r.readInt() != MAGIC) {
      throw new CorruptDataException("not a recommendation state (bad magic)");
    }
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown recommendation state version " + version);
    }
    RecoState s = new RecoState(config);
    s.popularity.restoreRef(r.readLong());
    s.restoreCounters(r.readLong(), r.readLong());
    ItemRings items = s.items;
    int nItems = r.readLength(r.remaining());
    ItemNode[] nodes = new ItemNode[nItems];
    Set<String> collidedItems = new HashSet<>(0);
    for (int i = 0; i < nItems; i++) {
      String id = r.readString();
      if (items.contains(id)) {
        collided(id, "item", collidedItems);
      }
      ItemNode it = items.add(id);
      nodes[i] = it;
      it.category = r.readBoolean() ? r.readString() : null;
      it.lastMillis = r.readLong();
      it.userCount = (int) r.readVarLong();
      it.userCountAtRebuild = (int) r.readVarLong();
      it.popularity = r.readDouble();
      int co = r.readLength(r.remaining());
      for (int k = 0; k < co; k++) {
        int other = (int) r.readVarLong();
        int count = (int) r.readVarLong();
        checkIndex(other, nItems);
        it.addCooccurrence(other, count);
      }
      int nb = r.readLength(r.remaining());
      int[] ids = new int[nb];
      int[] counts = new int[nb];
      for (int k = 0; k < nb; k++) {
        ids[k] = (int) r.readVarLong();
        counts[k] = (int) r.readVarLong();
        checkIndex(ids[k], nItems);
      }
      it.replaceNeighbours(ids, counts, nb);
    }
    int nUsers = r.readLength(r.remaining());
    UserNode[] us = new UserNode[nUsers];
    int[][] sortedHistories = new int[nUsers][]; // to drop ring entries older versions left behind
    Set<String> collidedUsers = new HashSet<>(0);
    for (int i = 0; i < nUsers; i++) {
      UserNode u = s.users.newNode(r.readString());
      if (s.users.contains(u.id)) {
        collided(u.id, "user", collidedUsers);
      }
      u.lastMillis = r.readLong();
      int n = r.readLength(r.remaining());
      int[] its = new int[n];
      float[] ws = new float[n];
      byte[] ks = new byte[n];
      for (int k = 0; k < n; k++) {
        its[k] = (int) r.readVarLong();
        checkIndex(its[k], nItems);
        ws[k] = Float.intBitsToFloat(r.readInt());
        ks[k] = (byte) r.readByte();
      }
      u.restore(its, ws, ks);
      sortedHistories[i] = its.clone();
      Arrays.sort(sortedHistories[i]);
      us[i] = u;
      s.users.put(u);
    }
    for (UserNode u : us) {
      if (collidedUsers.contains(u.id)) {
        u.removed = true;
        s.users.remove(u.id);
      }
    }
    for (int i = 0; i < nItems; i++) {
      int n = r.readLength(r.remaining());
      UserNode[] ring = new UserNode[n];
      float[] ws = new float[n];
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int ui = (int) r.readVarLong();
        checkIndex(ui, nUsers);
        float wt = Float.intBitsToFloat(r.readInt());
        // Snapshots written before evictions left the rings could list a user whose history no
        // longer holds the item; such an entry is stale evidence for user-CF, so it is dropped.
        if (!us[ui].removed && Arrays.binarySearch(sortedHistories[ui], i) >= 0) {
          ring[kept] = us[ui];
          ws[kept++] = wt;
        }
      }
      nodes[i].restoreUsers(Arrays.copyOf(ring, kept), Arrays.copyOf(ws, kept));
    }
    for (ItemNode it : nodes) {
      if (collidedItems.contains(it.id)) {
        items.forget(it);
        continue;
      }
      s.popularity.offer(it);
    }
    return s;
  }

  /**
   * Records that {@code id} was read twice: damage, unless an old writer stored ids that differed by
   * an unpaired surrogate as one {@code ?} id ({@link LegacyIds}). Then every node of that id is
   * forgotten, as an idle sweep would: which history belongs to the id that remains cannot be told,
   * and recommendation state is rebuilt by the id's next events.
   */
  private static void collided(String id, String what, Set<String> collided) {
    if (id.indexOf('?') < 0) {
      throw new CorruptDataException(
          "recommendation state lists " + what + " \"" + id + "\" twice");
    }
    collided.add(id);
  }

  private static void checkIndex(int i, int n) {
    if (i < 0 || i >= n) {
      throw new CorruptDataException("recommendation state refers to index " + i + " of " + n);
    }
  }
}
