package io.mercato.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Path helpers over a configuration tree of nested objects whose leaves are scalars. */
final class ConfigTree {
  private ConfigTree() {}

  /** Dotted paths of every leaf, in document order, e.g. {@code journal.fsync-interval}. */
  static List<String> leafPaths(JsonNode tree) {
    List<String> out = new ArrayList<>();
    collect(tree, "", out, true);
    return out;
  }

  /** Dotted paths of every section and leaf. */
  static List<String> allPaths(JsonNode tree) {
    List<String> out = new ArrayList<>();
    collect(tree, "", out, false);
    return out;
  }

  private static void collect(JsonNode node, String prefix, List<String> out, boolean leavesOnly) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = join(prefix, e.getKey());
      if (e.getValue().isObject()) {
        if (!leavesOnly) {
          out.add(path);
        }
        collect(e.getValue(), path, out, leavesOnly);
      } else {
        out.add(path);
      }
    }
  }

  static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** The node at {@code path}, or null. */
  static JsonNode get(JsonNode tree, String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.", -1)) {
      n = n == null ? null : n.get(part);
    }
    return n;
  }

  /** Replaces the leaf at {@code path}, which must exist. */
  static void set(ObjectNode tree, String path, JsonNode value) {
    int dot = path.lastIndexOf('.');
    ObjectNode parent = dot < 0 ? tree : (ObjectNode) get(tree, path.substring(0, dot));
    parent.set(path.substring(dot + 1), value);
  }

  /** A "did you mean" hint for an unknown key at {@code path}, or an empty string. */
  static String suggestion(JsonNode defaults, String path) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allPaths(defaults)) {
      String candidateKey = candidate.substring(candidate.lastIndexOf('.') + 1);
      String candidateParent =
          candidate.contains(".") ? candidate.substring(0, candidate.lastIndexOf('.')) : "";
      int d = levenshtein(key, candidateKey);
      boolean sibling = candidateParent.equals(parent);
      // a sibling within a typo's distance, or the same key in another section (misplaced)
      if ((sibling && d <= Math.max(2, key.length() / 3)) || d == 0) {
        int score = d * 2 + (sibling ? 0 : 1);
        if (score < bestDistance) {
          bestDistance = score;
          best = candidate;
        }
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
