package io.mercato.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnicodeTest {
  @Test
  void findsTheFirstUnpairedSurrogate() {
    assertThat(Unicode.unpairedSurrogate("abc")).isEqualTo(-1);
    assertThat(Unicode.unpairedSurrogate("a\uD83D\uDE00b")).isEqualTo(-1);
    assertThat(Unicode.unpairedSurrogate("a\uD800")).isEqualTo(1);
    assertThat(Unicode.unpairedSurrogate("a\uD800b")).isEqualTo(1);
    assertThat(Unicode.unpairedSurrogate("\uDC00")).isZero();
    assertThat(Unicode.unpairedSurrogate("\uD83D\uDE00\uDE00")).isEqualTo(2);
    assertThat(Unicode.unpairedSurrogate("\uD800\uD800\uDC00")).isZero();
  }

  @Test
  void countsCodePointsOrLocatesTheFirstUnpairedSurrogate() {
    assertThat(Unicode.codePointsIfWellFormed("")).isZero();
    assertThat(Unicode.codePointsIfWellFormed("abc")).isEqualTo(3);
    assertThat(Unicode.codePointsIfWellFormed("a\uD83D\uDE00b")).isEqualTo(3);
    assertThat(Unicode.codePointsIfWellFormed("ab\uD800")).isEqualTo(-3);
    assertThat(Unicode.codePointsIfWellFormed("\uDC00x")).isEqualTo(-1);
  }

  @Test
  void textViolationOnlyConcernsSurrogates() {
    assertThat(Unicode.textViolation("line\nbreak\ttab\u0000")).isNull();
    assertThat(Unicode.textViolation("v-\uDC00"))
        .isEqualTo(
            "must not contain an unpaired UTF-16 surrogate (found U+DC00 at position 2); send text as well-formed UTF-8");
  }
}
