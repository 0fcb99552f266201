package io.mercato.core.reco;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@link RecoState} that serving reads, as keyed values: what the cluster runtime's
 * single recommendation writer (the Flink job) stores in Redis and API nodes read back through
 * {@link ServingRecoView}. One value per key; each starts with a version byte (1).
 *
 * <pre>
 * RECO_META  q:0     v | long popularityRef | long newestMillis | long interactions | list(global top ids)
 * RECO_TOP   p:CAT   v | list(ids, best first)                       the category's popularity list
 * RECO_USER  h:USER  v | varlong ordinal | double norm | n × (id | float weight | byte kind)
 * RECO_ITEM  r:ITEM  v | varlong ordinal | bool+string category | varlong userCount | double growth popularity
 * RECO_LINKS n:ITEM  v | n × (id | varlong co-occurrence) | m × (user id | float weight)
 * </pre>
 *
 * Item numbers are apart from links because item-CF reads the user counts of up to
 * history × item-neighbours items per request, and their links only for the history's items.
 * Popularity is stored in the state's growth form; readers decay it with the meta key's reference
 * and newest event time, exactly as {@link RecoState#popularity} does.
 */
public final class RecoServingForms {
  private static final int VERSION = 1;

  /** The id of the one {@link StateKind#RECO_META} key. */
  public static final String META_ID = "0";

  /** The meta key. */
  public static final StateKey META = new StateKey(StateKind.RECO_META, META_ID);

  private RecoServingForms() {}

  /** The stream-wide numbers and the global popularity list. */
  public record Meta(
      long popularityRef, long newestMillis, long interactions, List<String> globalTop) {
    public Meta {
      globalTop = List.copyOf(globalTop);
    }
  }

  /** An item's numbers; {@code popularity} in growth form. */
  public record Item(long ordinal, String category, int userCount, double popularity) {}

  /** An item's links. */
  public record Links(RecoView.Neighbours neighbours, RecoView.Ring ring) {}

  /**
   * The values of every key {@code changes} names, read from {@code state} (its writer thread):
   * users, items (numbers and links), category lists, and the meta key whenever anything changed.
   * Users and items the state no longer knows (swept as idle) are left out: their keys expire.
   */
  public static Map<StateKey, byte[]> changed(RecoState state, RecoChanges changes) {
    Map<StateKey, byte[]> out = new LinkedHashMap<>();
    if (changes.isEmpty()) {
      return out;
    }
    Iterable<String> users = changes.everything() ? state.userIds() : changes.users();
    Iterable<String> items = changes.everything() ? state.itemIds() : changes.items();
    Iterable<String> categories = changes.everything() ? state.categoryIds() : changes.categories();
    int ringSize = state.config().itemUsers();
    for (String u : users) {
      RecoView.UserFacts f = state.user(u);
      if (f != null) {
        out.put(new StateKey(StateKind.RECO_USER, u), user(f));
      }
    }
    for (String i : items) {
      long ordinal = state.itemOrdinal(i);
      if (ordinal < 0) {
        continue;
      }
      out.put(
          new StateKey(StateKind.RECO_ITEM, i),
          item(
              new Item(
                  ordinal, state.eventCategory(i), state.userCount(i), state.growthPopularity(i))));
      out.put(
          new StateKey(StateKind.RECO_LINKS, i),
          links(new Links(state.neighbours(i), state.ring(i, ringSize))));
    }
    for (String c : categories) {
      out.put(new StateKey(StateKind.RECO_TOP, c), top(state.popularList(c)));
    }
    out.put(
        META,
        meta(
            new Meta(
                state.popularityRef(),
                state.newestMillis(),
                state.interactions(),
                state.popularList(null))));
    return out;
  }

  public static byte[] meta(Meta m) {
    BinaryWriter w = new BinaryWriter();
    w.writeByte(VERSION)
        .writeLong(m.popularityRef())
        .writeLong(m.newestMillis())
        .writeLong(m.interactions());
    writeIds(w, m.globalTop());
    return w.toByteArray();
  }

  public static Meta readMeta(byte[] b) {
    BinaryReader r = open(b, "meta");
    Meta m = new Meta(r.readLong(), r.readLong(), r.readLong(), readIds(r));
    r.expectEnd();
    return m;
  }

  public static byte[] top(List<String> ids) {
    BinaryWriter w = new BinaryWriter();
    w.writeByte(VERSION);
    writeIds(w, ids);
    return w.toByteArray();
  }

  public static List<String> readTop(byte[] b) {
    BinaryReader r = open(b, "popularity list");
    List<String> ids = readIds(r);
    r.expectEnd();
    return ids;
  }

  public static byte[] user(RecoView.UserFacts f) {
    BinaryWriter w = new BinaryWriter();
    w.writeByte(VERSION).writeVarLong(f.ordinal()).writeDouble(f.norm()).writeVarLong(f.size());
    for (int i = 0; i < f.size(); i++) {
      w.writeString(f.items().get(i))
          .writeInt(Float.floatToIntBits(f.weights()[i]))
          .writeByte(f.kinds()[i]);
    }
    return w.toByteArray();
  }

  public static RecoView.UserFacts readUser(byte[] b) {
    BinaryReader r = open(b, "user history");
    long ordinal = r.readVarLong();
    double norm = r.readDouble();
    int n = r.readLength(r.remaining());
    List<String> ids = new ArrayList<>(n);
    float[] ws = new float[n];
    byte[] ks = new byte[n];
    for (int i = 0; i < n; i++) {
      ids.add(r.readString());
      ws[i] = Float.intBitsToFloat(r.readInt());
      ks[i] = (byte) r.readByte();
    }
    r.expectEnd();
    return new RecoView.UserFacts(ordinal, ids, ws, ks, norm);
  }

  public static byte[] item(Item it) {
    BinaryWriter w = new BinaryWriter();
    w.writeByte(VERSION).writeVarLong(it.ordinal()).writeBoolean(it.category() != null);
    if (it.category() != null) {
      w.writeString(it.category());
    }
    w.writeVarLong(it.userCount()).writeDouble(it.popularity());
    return w.toByteArray();
  }

  public static Item readItem(byte[] b) {
    BinaryReader r = open(b, "item numbers");
    long ordinal = r.readVarLong();
    String category = r.readBoolean() ? r.readString() : null;
    Item it = new Item(ordinal, category, (int) r.readVarLong(), r.readDouble());
    r.expectEnd();
    return it;
  }

  public static byte[] links(Links l) {
    BinaryWriter w = new BinaryWriter();
    w.writeByte(VERSION).writeVarLong(l.neighbours().size());
    for (int i = 0; i < l.neighbours().size(); i++) {
      w.writeString(l.neighbours().items().get(i)).writeVarLong(l.neighbours().counts()[i]);
    }
    w.writeVarLong(l.ring().size());
    for (int i = 0; i < l.ring().size(); i++) {
      w.writeString(l.ring().users().get(i)).writeInt(Float.floatToIntBits(l.ring().weights()[i]));
    }
    return w.toByteArray();
  }

  public static Links readLinks(byte[] b) {
    BinaryReader r = open(b, "item links");
    int n = r.readLength(r.remaining());
    List<String> ids = new ArrayList<>(n);
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      ids.add(r.readString());
      counts[i] = (int) r.readVarLong();
    }
    int m = r.readLength(r.remaining());
    List<String> users = new ArrayList<>(m);
    float[] ws = new float[m];
    for (int i = 0; i < m; i++) {
      users.add(r.readString());
      ws[i] = Float.intBitsToFloat(r.readInt());
    }
    r.expectEnd();
    return new Links(new RecoView.Neighbours(ids, counts), new RecoView.Ring(users, ws));
  }

  private static BinaryReader open(byte[] b, String what) {
    BinaryReader r = new BinaryReader(b);
    int v = r.readByte();
    if (v != VERSION) {
      throw new CorruptDataException("unknown " + what + " version " + v);
    }
    return r;
  }

  private static void writeIds(BinaryWriter w, List<String> ids) {
    w.writeVarLong(ids.size());
    for (String id : ids) {
      w.writeString(id);
    }
  }

  private static List<String> readIds(BinaryReader r) {
    int n = r.readLength(r.remaining());
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(r.readString());
    }
    return ids;
  }
}
