package io.mercato.core.state;

import java.util.Objects;

/**
 * The key of one piece of keyed state: its kind and id. {@link #toString()} is the compact form
 * {@code code:id} (e.g. {@code u:alice}, {@code x:campaign_id+category|spring|sports}), which
 * {@link #parse} reads back; ids may contain any character, the first colon ends the code.
 */
public record StateKey(StateKind kind, String id) {
  public StateKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  /** Reads the {@link #toString()} form. */
  public static StateKey parse(String s) {
    if (s.length() < 2 || s.charAt(1) != ':') {
      throw new IllegalArgumentException("not a state key: " + s);
    }
    return new StateKey(StateKind.ofCode(s.charAt(0)), s.substring(2));
  }

  @Override
  public String toString() {
    return kind.code() + ":" + id;
  }
}
