package io.mercato.app.evaluate;

import io.mercato.ml.eval.EvalSet;
import io.mercato.ml.eval.StrategyResult;
import java.util.List;
import java.util.Locale;

/** The human form: a header naming the data and protocol, then one row per strategy. */
final class ResultTable {
  private ResultTable() {}

  static String of(String data, EvalSet set, List<StrategyResult> results) {
    StringBuilder b = new StringBuilder();
    int k = results.isEmpty() ? 0 : results.get(0).k();
    b.append(
        String.format(
            Locale.ROOT,
            "%s: %,d training interactions, %,d cases",
            data,
            set.train().size(),
            set.cases().size()));
    if (set.seed() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              ", %d sampled negatives each (seed %d)",
              set.negativesPerCase(),
              set.seed()));
    } else {
      b.append(
          String.format(Locale.ROOT, ", up to %d given negatives each", set.negativesPerCase()));
    }
    b.append(System.lineSeparator());
    String hk = "HR@" + k;
    String nk = "NDCG@" + k;
    // two header rows: the group (protocol, time) over its columns, then the column names
    b.append(
        String.format(
            Locale.ROOT, "%-9s  %-17s  %-29s  %s%n", "", "sampled", "full catalog", "seconds"));
    b.append(
        String.format(
            Locale.ROOT,
            "%-9s  %8s %8s  %9s %9s %9s  %8s %8s %8s %8s %8s  %s%n",
            "strategy",
            hk,
            nk,
            hk,
            nk,
            "recall@" + k,
            "state",
            "ALS",
            "MLP",
            "ranker",
            "eval",
            "fallbacks"));
    for (StrategyResult r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-9s  %8.4f %8.4f  %9.4f %9.4f %9.4f  %8.2f %8s %8s %8s %8.2f  %d%n",
              r.strategy().apiName(),
              r.hr(),
              r.ndcg(),
              r.fullHr(),
              r.fullNdcg(),
              r.fullRecall(),
              r.stateMillis() / 1e3,
              seconds(r.alsMillis()),
              seconds(r.mlpMillis()),
              seconds(r.rankerMillis()),
              r.evalMillis() / 1e3,
              r.fallbacks()));
    }
    return b.toString();
  }

  private static String seconds(long millis) {
    return millis == 0 ? "-" : String.format(Locale.ROOT, "%.2f", millis / 1e3);
  }
}
