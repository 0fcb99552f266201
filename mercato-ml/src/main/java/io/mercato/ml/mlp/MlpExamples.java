package io.mercato.ml.mlp;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training and validation examples of {@link MlpTrainer}: each is a user's history just before an
 * interaction (their {@code L} most recent distinct items, most recent first — what serving reads from
 * the live state at that moment) and the item of the interaction. An interaction with an empty history
 * (a user's first) is no example. Each user's last interaction with a non-empty history is a
 * validation example when the user keeps at least one training example; the rest are training
 * examples.
 */
final class MlpExamples {
  final String[] itemIds;
  final Object2IntOpenHashMap<String> itemRow; // id → row, 1-based
  final int length;

  /** Flat histories, {@code length} rows per example, 0-padded. */
  final int[] trainHist;

  final int[] trainItem;
  final float[] trainRating;
  final int[] trainUser;
  final int[] validHist;
  final int[] validItem;
  final float[] validRating;
  final int[] validUser;

  /** Per user (index into the sequences), their distinct item rows, sorted (negatives avoid them). */
  final int[][] userItems;

  final double meanRating;

  MlpExamples(List<UserSequence> users, int length) {
    this.length = length;
    itemRow = new Object2IntOpenHashMap<>();
    itemRow.defaultReturnValue(0);
    List<String> ids = new ArrayList<>();
    for (UserSequence u : users) {
      for (String i : u.items()) {
        if (!itemRow.containsKey(i)) {
          ids.add(i);
          itemRow.put(i, ids.size());
        }
      }
    }
    itemIds = ids.toArray(new String[0]);
    IntArrayList th = new IntArrayList();
    IntArrayList ti = new IntArrayList();
    IntArrayList tu = new IntArrayList();
    List<Float> tr = new ArrayList<>();
    IntArrayList vh = new IntArrayList();
    IntArrayList vi = new IntArrayList();
    IntArrayList vu = new IntArrayList();
    List<Float> vr = new ArrayList<>();
    userItems = new int[users.size()][];
    double sum = 0;
    long n = 0;
    int[] hist = new int[length];
    for (int u = 0; u < users.size(); u++) {
      UserSequence s = users.get(u);
      int[] rows = new int[s.items().size()];
      for (int t = 0; t < rows.length; t++) {
        rows[t] = itemRow.getInt(s.items().get(t));
        sum += s.ratings()[t];
        n++;
      }
      userItems[u] = Arrays.stream(rows).distinct().sorted().toArray();
      int examples = rows.length - 1;
      for (int t = 1; t < rows.length; t++) {
        history(rows, t, hist);
        boolean valid = t == rows.length - 1 && examples >= 2;
        (valid ? vh : th).addElements((valid ? vh : th).size(), hist);
        (valid ? vi : ti).add(rows[t]);
        (valid ? vu : tu).add(u);
        (valid ? vr : tr).add(s.ratings()[t]);
      }
    }
    trainHist = th.toIntArray();
    trainItem = ti.toIntArray();
    trainUser = tu.toIntArray();
    trainRating = floats(tr);
    validHist = vh.toIntArray();
    validItem = vi.toIntArray();
    validUser = vu.toIntArray();
    validRating = floats(vr);
    meanRating = n == 0 ? 0 : sum / n;
  }

  int items() {
    return itemIds.length;
  }

  int trainSize() {
    return trainItem.length;
  }

  int validSize() {
    return validItem.length;
  }

  /** Whether the user (by sequence index) ever touched the item row. */
  boolean touched(int user, int row) {
    return Arrays.binarySearch(userItems[user], row) >= 0;
  }

  /**
   * Fills {@code out} with the distinct rows among {@code rows[0..t-1]}, most recent first, 0-padded:
   * the same list {@code RecoState} keeps as a user's history (a repeat moves an item to the front).
   */
  static void history(int[] rows, int t, int[] out) {
    int k = 0;
    for (int j = t - 1; j >= 0 && k < out.length; j--) {
      int r = rows[j];
      boolean dup = false;
      for (int x = 0; x < k; x++) {
        if (out[x] == r) {
          dup = true;
          break;
        }
      }
      if (!dup) {
        out[k++] = r;
      }
    }
    Arrays.fill(out, k, out.length, 0);
  }

  private static float[] floats(List<Float> l) {
    float[] f = new float[l.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = l.get(i);
    }
    return f;
  }
}
