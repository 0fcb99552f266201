package io.mercato.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdRuleTest {
  final IdRule rule = new IdRule(8);

  @Test
  void ordinaryIdsAreValid() {
    for (String id :
        new String[] {"u-42", "a sale", "x-?", "é", "中文", "😀😀😀😀😀😀😀😀", "a\uFFFDb", "A"}) {
      assertThat(rule.violation(id)).as(id).isNull();
    }
  }

  @Test
  void blankIdsAreRefused() {
    assertThat(rule.violation("")).isEqualTo("must not be blank");
    assertThat(rule.violation(" \t")).isEqualTo("must not be blank");
  }

  @Test
  void lengthCountsCodePoints() {
    assertThat(rule.violation("123456789")).isEqualTo("must be at most 8 characters but has 9");
    assertThat(rule.violation("😀".repeat(8))).isNull(); // 16 UTF-16 units, 8 code points
    assertThat(rule.violation("😀".repeat(9))).isEqualTo("must be at most 8 characters but has 9");
  }

  @Test
  void controlCharactersIncludingDelAndC1AreRefused() {
    assertThat(rule.violation("a\rb"))
        .isEqualTo("must not contain control characters (found U+000D at position 1)");
    assertThat(rule.violation("a\nb")).contains("U+000A");
    assertThat(rule.violation("a\tb")).contains("U+0009");
    assertThat(rule.violation("a\u007Fb")).contains("U+007F");
    assertThat(rule.violation("a\u0085b")).contains("U+0085");
    assertThat(rule.violation("\u0000")).contains("U+0000");
    assertThat(rule.violation("a\u00A0b")).isNull(); // no-break space is not a control
  }

  @Test
  void unpairedSurrogatesAreRefused() {
    assertThat(rule.violation("x-\uD800"))
        .isEqualTo(
            "must not contain an unpaired UTF-16 surrogate (found U+D800 at position 2); send text as well-formed UTF-8");
    assertThat(rule.violation("x-\uDC00")).contains("U+DC00 at position 2");
    assertThat(rule.violation("\uDC00\uD800")).contains("U+DC00 at position 0"); // reversed pair
    assertThat(rule.violation("x\uD83D\uDE00")).isNull();
  }

  @Test
  void noncharactersAreRefused() {
    assertThat(rule.violation("a\uFFFF"))
        .isEqualTo("must not contain the noncharacter U+FFFF (at position 1)");
    assertThat(rule.violation("\uFFFE")).contains("U+FFFE");
    assertThat(rule.violation("\uFDD0")).contains("U+FDD0");
    assertThat(rule.violation("\uDBFF\uDFFF"))
        .contains("U+10FFFF"); // the last code point of plane 16
    assertThat(rule.violation("\uFDF0")).isNull();
  }

  @Test
  void lineSeparatorsAndBidiControlsAreRefused() {
    assertThat(rule.violation("a\u2028b"))
        .isEqualTo(
            "must not contain line separators or bidirectional controls (found U+2028 at position 1)");
    assertThat(rule.violation("a\u2029")).contains("U+2029");
    assertThat(rule.violation("\u202Eabc")).contains("U+202E");
    assertThat(rule.violation("\u2066x")).contains("U+2066");
    assertThat(rule.violation("a\u200Fb")).isNull(); // a right-to-left mark is ordinary text
  }

  @Test
  void maxLengthMustBePositive() {
    assertThatThrownBy(() -> new IdRule(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id max length must be positive but was 0");
  }
}
