package io.mercato.core.reco;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What changed in a {@link RecoState} since changes were last drained: the users whose history
 * changed, the items whose numbers, neighbour list or user ring changed, the categories whose
 * popularity list changed, and whether the global list changed. {@link #everything()} says that every
 * item's popularity was rescaled or the state was restored (ordinals renumbered), so every user, item
 * and list must be written again. Single-threaded (the state's writer).
 */
public final class RecoChanges {
  final Set<String> users = new LinkedHashSet<>();
  final Set<String> items = new LinkedHashSet<>();
  final Set<String> categories = new LinkedHashSet<>();
  boolean global;
  boolean everything;

  public Set<String> users() {
    return users;
  }

  public Set<String> items() {
    return items;
  }

  public Set<String> categories() {
    return categories;
  }

  public boolean global() {
    return global;
  }

  public boolean everything() {
    return everything;
  }

  public boolean isEmpty() {
    return !global && !everything && users.isEmpty() && items.isEmpty() && categories.isEmpty();
  }
}
