package io.mercato.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.text.InvalidUnicodeException;
import org.junit.jupiter.api.Test;

/** Issue 13 item 1: a Redis key is never built from an id that UTF-8 would turn into another id. */
class RedisKeysUnicodeTest {
  private final RedisKeys keys = new RedisKeys("mercato");

  @Test
  void anIdWithAnUnpairedSurrogateIsRefused() {
    assertThatThrownBy(() -> keys.state(new StateKey(StateKind.USER, "u-\uD800")))
        .isInstanceOf(InvalidUnicodeException.class);
    assertThatThrownBy(() -> keys.caps("u-\uDC00")).isInstanceOf(InvalidUnicodeException.class);
    assertThatThrownBy(() -> keys.spend("c-\uDBFF")).isInstanceOf(InvalidUnicodeException.class);
  }

  @Test
  void wellFormedTextIsKept() {
    assertThat(keys.state(new StateKey(StateKind.ITEM, "é-😀-?"))).isEqualTo("mercato:{i:é-😀-?}");
  }
}
