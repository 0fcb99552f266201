package io.mercato.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("mercato");

  @Test
  void userKeysShareTheirHashTag() {
    assertThat(keys.state(new StateKey(StateKind.USER, "alice"))).isEqualTo("mercato:{u:alice}");
    assertThat(keys.caps("alice")).isEqualTo("mercato:{u:alice}:caps");
    assertThat(keys.spend("spring")).isEqualTo("mercato:{m:spring}:spend");
  }

  @Test
  void bracesAndPercentInIdsCannotEndTheTagOrCollide() {
    String tricky = keys.state(new StateKey(StateKind.USER, "a}:caps{x%"));
    assertThat(tricky).isEqualTo("mercato:{u:a%7D:caps%7Bx%25}");
    assertThat(tricky).isNotEqualTo(keys.caps("a"));
    assertThat(keys.state(new StateKey(StateKind.ITEM, "%7D")))
        .isNotEqualTo(keys.state(new StateKey(StateKind.ITEM, "}")));
  }

  @Test
  void prefixWithBracesIsRefused() {
    assertThatThrownBy(() -> new RedisKeys("a{b")).isInstanceOf(IllegalArgumentException.class);
  }
}
