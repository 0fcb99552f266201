package io.mercato.ml.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model file: round trip, its pinned layout, and damage detected. */
class MlpModelFormatTest {
  static byte[] bytes(MlpModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void saveAndLoadGiveTheSameModelAndScores() throws IOException {
    PlantedSequences data = new PlantedSequences(3, 10, 12, 6, 3);
    try (MlpModel m = MlpTrainerTest.train(data, MlpTrainerTest.tiny().withEpochs(2, 2))) {
      byte[] b = bytes(m);
      ByteArrayInputStream in = new ByteArrayInputStream(Arrays.copyOf(b, b.length + 3));
      try (MlpModel back = MlpModel.readFrom(in)) {
        assertThat(in.available()).as("reads exactly the model's bytes").isEqualTo(3);
        assertThat(back.version()).isEqualTo(m.version());
        assertThat(back.params()).isEqualTo(m.params());
        assertThat(back.training()).isEqualTo(m.training());
        assertThat(back.trainedAtMillis()).isEqualTo(m.trainedAtMillis());
        assertThat(back.itemIds()).isEqualTo(m.itemIds());
        List<String> hist = List.of("c0-i1", "hot-0");
        List<String> cands = data.allItems();
        assertThat(back.score(hist, cands).orElseThrow())
            .containsExactly(m.score(hist, cands).orElseThrow());
        assertThat(bytes(back)).as("rewriting gives the same bytes").isEqualTo(b);
      }
    }
  }

  @Test
  void layoutIsPinned() throws IOException {
    PlantedSequences data = new PlantedSequences(2, 4, 5, 3, 1);
    try (MlpModel m = MlpTrainerTest.train(data, MlpTrainerTest.tiny().withEpochs(1, 1))) {
      byte[] b = bytes(m);
      // "MMLP", format version 1, then the header length
      assertThat(Arrays.copyOf(b, 5)).containsExactly(0x4D, 0x4D, 0x4C, 0x50, 1);
      int weights = 0;
      for (ai.djl.ndarray.types.Shape s : MlpNetwork.shapes(m.items(), m.params())) {
        weights += (int) s.size();
      }
      int header =
          ((b[5] & 0xFF) << 24) | ((b[6] & 0xFF) << 16) | ((b[7] & 0xFF) << 8) | (b[8] & 0xFF);
      assertThat(b.length)
          .as("prefix + header + 4 bytes per weight + CRC")
          .isEqualTo(9 + header + 4 * weights + 4);
    }
  }

  @Test
  void damageIsReportedNotLoaded() throws IOException {
    PlantedSequences data = new PlantedSequences(2, 4, 5, 3, 1);
    byte[] b;
    try (MlpModel m = MlpTrainerTest.train(data, MlpTrainerTest.tiny().withEpochs(1, 1))) {
      b = bytes(m);
    }
    byte[] flipped = b.clone();
    flipped[b.length - 20] ^= 0x01; // inside the weights
    assertThatThrownBy(() -> MlpModel.readFrom(new ByteArrayInputStream(flipped)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(
            () -> MlpModel.readFrom(new ByteArrayInputStream(Arrays.copyOf(b, b.length - 30))))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("truncated");
    byte[] version = b.clone();
    version[4] = 2;
    assertThatThrownBy(() -> MlpModel.readFrom(new ByteArrayInputStream(version)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("unknown MLP model format version 2");
    assertThatThrownBy(
            () -> MlpModel.readFrom(new ByteArrayInputStream("MALS-not-an-mlp".getBytes())))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("not an MLP model");
  }
}
