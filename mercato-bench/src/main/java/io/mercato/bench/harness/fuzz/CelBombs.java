package io.mercato.bench.harness.fuzz;

import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/**
 * Campaign segments (CEL conditions) that are cheap to send and expensive to compile, check or
 * evaluate: nested comprehensions over lists and the profile, conditions thousands of terms long or
 * deep, a backtracking regular expression, huge literals. The server may refuse them (400 naming
 * {@code segment}) or store them and bound their cost; it must not answer 5xx or stop answering.
 */
final class CelBombs {
  private CelBombs() {}

  static String any(RandomGenerator random) {
    String twenty = list(20);
    return switch (random.nextInt(12)) {
      case 0 ->
          twenty
              + ".all(a, "
              + twenty
              + ".all(b, "
              + twenty
              + ".all(c, "
              + twenty
              + ".all(d, a + b + c + d > 0))))";
      case 1 ->
          "profile.recent_items.map(a, profile.recent_items.map(b, profile.recent_items.map(c, a + b + c)))"
              + ".size() >= 0";
      case 2 -> "profile.purchases >= 0 && ".repeat(2000 + random.nextInt(3000)) + "true";
      case 3 ->
          "(".repeat(1000 + random.nextInt(5000))
              + "true"
              + ")".repeat(1000 + random.nextInt(5000));
      case 4 -> "\"" + "a".repeat(40) + "!\".matches(\"(a+)+$\")";
      case 5 -> list(50_000 + random.nextInt(50_000)) + ".size() > 0";
      case 6 -> "size(profile.recent_items.map(a, " + list(50) + ".map(b, string(b) + a))) > 0";
      case 7 ->
          "profile.affinity.all(k, profile.affinity.all(j, profile.affinity.all(i, k + j + i != \"\")))";
      case 8 -> "\"a\" + ".repeat(3000 + random.nextInt(3000)) + "\"a\" != \"\"";
      case 9 -> "\"" + "x".repeat(1 << 20) + "\" != \"\"";
      case 10 -> "-".repeat(5000 + random.nextInt(5000)) + "1 < 0";
      default ->
          twenty
              + ".exists(a, "
              + twenty
              + ".exists(b, "
              + twenty
              + ".exists(c, "
              + twenty
              + ".exists(d, "
              + twenty
              + ".exists(e, a * b * c * d * e < 0)))))";
    };
  }

  /** {@code [1, 2, ..., n]}. */
  private static String list(int n) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (int i = 1; i <= n; i++) {
      j.add(Integer.toString(i));
    }
    return j.toString();
  }
}
