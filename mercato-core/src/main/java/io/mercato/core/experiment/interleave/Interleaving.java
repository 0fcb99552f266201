package io.mercato.core.experiment.interleave;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One interleaved answer: the items shown, in order, and the team that contributed each.
 *
 * @param items distinct item ids, in display order
 * @param teams the contributing team of each item, same length
 */
public record Interleaving(List<String> items, List<Team> teams) {
  public Interleaving {
    items = List.copyOf(items);
    teams = List.copyOf(teams);
    if (items.size() != teams.size()) {
      throw new IllegalArgumentException(
          "one team per item: " + items.size() + " items, " + teams.size() + " teams");
    }
  }

  /** The team that contributed {@code item}, or null when it was not shown. */
  public Team teamOf(String item) {
    int i = items.indexOf(item);
    return i < 0 ? null : teams.get(i);
  }

  /**
   * Credits the clicks of this answer: each clicked item shown counts for the team that contributed
   * it; clicks on items not shown are ignored, and an item clicked twice counts once.
   */
  public Credit credit(Collection<String> clicked) {
    Objects.requireNonNull(clicked, "clicked");
    Map<String, Team> byItem = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      byItem.put(items.get(i), teams.get(i));
    }
    int a = 0;
    int b = 0;
    for (String item : new HashSet<>(clicked)) {
      Team t = byItem.get(item);
      if (t == Team.A) {
        a++;
      } else if (t == Team.B) {
        b++;
      }
    }
    return new Credit(a, b);
  }

  /**
   * The clicks credited to each team in one answer.
   *
   * @param clicksA clicks on items team A contributed
   * @param clicksB clicks on items team B contributed
   */
  public record Credit(int clicksA, int clicksB) {
    /** The team with more clicks, or null for a tie (including no click). */
    public Team winner() {
      return clicksA > clicksB ? Team.A : clicksB > clicksA ? Team.B : null;
    }
  }
}
