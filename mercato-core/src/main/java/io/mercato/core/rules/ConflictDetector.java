package io.mercato.core.rules;

import io.mercato.core.ads.Campaign;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Operation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds pairs of enabled rules that push one field of one campaign in opposite directions. Each
 * rule's actions become (campaign, field, direction) pushes: pause/resume push status down/up,
 * an extension pushes the end up, changes by an amount or a percentage push their field by its sign
 * (a {@link Adjust#SET} has no direction and never conflicts), a budget move pushes the source's
 * total budget down and the destination's up. Scopes are resolved over the current campaigns, so a
 * scope condition counts with the campaigns it selects now. Stateless.
 */
public final class ConflictDetector {
  private ConflictDetector() {}

  /** The conflicts of {@code rule} with each of {@code others} (other ids only; enabled or not is the caller's filter). */
  public static List<RuleConflict> conflicts(
      CompiledRule rule,
      Collection<CompiledRule> others,
      Collection<Campaign> campaigns,
      Instant now) {
    Map<String, Integer> mine = pushes(rule, campaigns, now);
    List<RuleConflict> out = new ArrayList<>();
    for (CompiledRule other : others) {
      if (other.rule().id().equals(rule.rule().id())) {
        continue;
      }
      Map<String, Integer> theirs = pushes(other, campaigns, now);
      Map<String, TreeSet<String>> byField = new HashMap<>();
      mine.forEach(
          (key, dir) -> {
            Integer d = theirs.get(key);
            if (d != null && d == -dir) {
              int bar = key.indexOf('|');
              byField
                  .computeIfAbsent(key.substring(bar + 1), f -> new TreeSet<>())
                  .add(key.substring(0, bar));
            }
          });
      new TreeMap<>(byField)
          .forEach(
              (field, ids) ->
                  out.add(
                      new RuleConflict(
                          other.ref(),
                          field,
                          List.copyOf(ids),
                          "rule "
                              + other.ref()
                              + " pushes "
                              + field
                              + " the other way on "
                              + ids.size()
                              + " campaign"
                              + (ids.size() == 1 ? "" : "s")
                              + " ("
                              + String.join(", ", ids.stream().limit(5).toList())
                              + (ids.size() > 5 ? ", ..." : "")
                              + ")")));
    }
    return out;
  }

  /** "campaignId|field" → direction (+1, -1) of every push of {@code r} over the current campaigns. */
  private static Map<String, Integer> pushes(
      CompiledRule r, Collection<Campaign> campaigns, Instant now) {
    Map<String, Integer> out = new HashMap<>();
    for (Campaign c : campaigns) {
      if (!r.inScope(c, now)) {
        continue;
      }
      for (RuleAction a : r.rule().actions()) {
        if (!(a instanceof RuleAction.Change ch)) {
          continue;
        }
        Operation op = ch.operation();
        String prefix = ch.target() == RuleAction.Target.ADS ? "ad." : "";
        if (op instanceof Operation.MoveBudget m) {
          out.merge(c.id() + "|total_budget", -1, ConflictDetector::combine);
          out.merge(m.to() + "|total_budget", 1, ConflictDetector::combine);
          continue;
        }
        int dir = direction(op);
        if (dir != 0) {
          out.merge(c.id() + "|" + prefix + field(op), dir, ConflictDetector::combine);
        }
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  /** A rule that pushes both ways itself has no one direction. */
  private static int combine(int a, int b) {
    return a == b ? a : 0;
  }

  private static String field(Operation op) {
    if (op instanceof Operation.Pause || op instanceof Operation.Resume) {
      return "status";
    }
    if (op instanceof Operation.ExtendEnd) {
      return "end";
    }
    if (op instanceof Operation.ChangeDiscount) {
      return "discount";
    }
    if (op instanceof Operation.ChangeBid) {
      return "bid";
    }
    return "daily_budget";
  }

  private static int direction(Operation op) {
    if (op instanceof Operation.Pause) {
      return -1;
    }
    if (op instanceof Operation.Resume || op instanceof Operation.ExtendEnd) {
      return 1;
    }
    if (op instanceof Operation.ChangeDiscount d) {
      return d.how() == Adjust.SET ? 0 : sign(d.amount());
    }
    if (op instanceof Operation.ChangeBid b) {
      return sign(b.percent());
    }
    if (op instanceof Operation.ChangeDailyBudget b) {
      return b.how() == Adjust.SET ? 0 : sign(b.amount());
    }
    return 0;
  }

  private static int sign(BigDecimal d) {
    return d.signum();
  }
}
