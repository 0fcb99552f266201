package io.mercato.core.reco;

import static io.mercato.core.reco.Interactions.T0;
import static io.mercato.core.reco.Interactions.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.Patch;
import org.junit.jupiter.api.Test;

/** Recommendation state an old writer wrote with '?' for unpaired surrogates (issue 13 item 1). */
class RecoStateLegacyTest {
  static byte[] written() {
    RecoState s = new RecoState(RecoConfig.defaults());
    s.apply(view("u-a", "i-a", T0));
    s.apply(view("u-a", "i-m", T0 + 1)); // i-m and u-m stand for ids with U+D800
    s.apply(view("u-m", "i-z", T0 + 2)); // i-z and u-z for ids with U+DC00
    s.apply(view("u-z", "i-a", T0 + 3));
    s.apply(view("u-z", "i-m", T0 + 4));
    s.apply(view("u-b", "i-b", T0 + 5));
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    return w.toByteArray();
  }

  static byte[] collided() {
    byte[] b = written();
    for (String[] p :
        new String[][] {{"i-m", "i-?"}, {"i-z", "i-?"}, {"u-m", "u-?"}, {"u-z", "u-?"}}) {
      b = Patch.string(b, p[0], p[1]);
    }
    return b;
  }

  @Test
  void nodesWhoseIdsCollidedAreForgottenAndTheRestKept() {
    RecoState s = RecoState.read(new BinaryReader(collided()), RecoConfig.defaults());
    assertThat(s.knowsItem("i-?")).isFalse();
    assertThat(s.knowsUser("u-?")).isFalse();
    assertThat(s.knowsItem("i-a")).isTrue();
    assertThat(s.knowsItem("i-b")).isTrue();
    assertThat(s.knowsUser("u-a")).isTrue();
    assertThat(s.history("u-b").orElseThrow().items()).containsExactly("i-b");
    // the forgotten nodes are not written again, and the next read is strict
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    RecoState again = RecoState.read(new BinaryReader(w.toByteArray()), RecoConfig.defaults());
    assertThat(again.items()).isEqualTo(s.items());
    assertThat(again.users()).isEqualTo(s.users());
    // an event of the surviving id starts it afresh
    s.apply(view("u-?", "i-?", T0 + 10));
    assertThat(s.knowsItem("i-?")).isTrue();
    assertThat(s.history("u-?").orElseThrow().items()).containsExactly("i-?");
  }

  @Test
  void aRepeatedIdWithoutTheSignatureIsStillCorruption() {
    byte[] damaged = Patch.string(written(), "i-m", "i-b");
    assertThatThrownBy(() -> RecoState.read(new BinaryReader(damaged), RecoConfig.defaults()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("recommendation state lists item \"i-b\" twice");
  }
}
