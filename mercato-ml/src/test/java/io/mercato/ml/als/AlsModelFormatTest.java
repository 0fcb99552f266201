package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The v1 binary form: pinned bytes, round trips, and damaged input. */
class AlsModelFormatTest {

  /** 2 users × 2 items × 2 factors, every value chosen by hand. */
  static AlsModel tiny() {
    return new AlsModel(
        "v1",
        new AlsParams(2, 1, 0.5, 2, 1, 7, 1),
        1000,
        new String[] {"a", "b"},
        index("a", "b"),
        new String[] {"x", "y"},
        index("x", "y"),
        new float[] {1, -1, 0.5f, 0},
        new float[] {2, 0.25f, -2, 1});
  }

  static byte[] bytes(AlsModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void version1BytesArePinned() throws IOException {
    assertThat(HexFormat.of().formatHex(bytes(tiny())))
        .isEqualTo(
            String.join(
                "",
                "4d414c53",
                "01",
                "0000003d", // "MALS", version 1, 61 header bytes
                "027631",
                "00000000000003e8", // "v1", trained at 1000
                "00000002",
                "00000001",
                "3fe0000000000000",
                "4000000000000000", // factors 2, iterations 1, λ 0.5, α 2
                "00000001",
                "0000000000000007",
                "00000001", // cgSteps 1, seed 7, threads 1
                "02",
                "02",
                "0161",
                "0162",
                "0178",
                "0179", // 2 users "a" "b", 2 items "x" "y"
                "3f800000",
                "bf800000",
                "3f000000",
                "00000000", // users: [1, -1], [0.5, 0]
                "40000000",
                "3e800000",
                "c0000000",
                "3f800000", // items: [2, 0.25], [-2, 1]
                "2e7f1529")); // CRC-32 of all the above
  }

  @Test
  void aTrainedModelRoundTrips() throws IOException {
    AlsModel m =
        AlsTrainer.train(
            new Planted(3).train, new AlsParams(5, 2, 0.2, 4, 2, 9, 2), TrainingListener.NONE);
    byte[] b = bytes(m);
    AlsModel back = AlsModel.readFrom(new ByteArrayInputStream(b));
    assertThat(back.version()).isEqualTo(m.version());
    assertThat(back.params()).isEqualTo(m.params());
    assertThat(back.trainedAtMillis()).isEqualTo(m.trainedAtMillis());
    assertThat(back.userIdArray()).isEqualTo(m.userIdArray());
    assertThat(back.itemIdArray()).isEqualTo(m.itemIdArray());
    assertThat(back.userFactors()).isEqualTo(m.userFactors());
    assertThat(back.itemFactors()).isEqualTo(m.itemFactors());
    assertThat(back.userIndex("u12")).isEqualTo(m.userIndex("u12"));
    assertThat(back.itemIndex("i34")).isEqualTo(m.itemIndex("i34"));
    assertThat(back.foldIn(Map.of("i34", 1f))).get().isEqualTo(m.foldIn(Map.of("i34", 1f)).get());
    assertThat(bytes(back)).isEqualTo(b);
  }

  @Test
  void aModelLargerThanOneBlockRoundTrips() throws IOException {
    // 3000 × 16 floats = 192 KB: several 64 KiB blocks, the last one partial.
    SplittableRandom rnd = new SplittableRandom(4);
    String[] ids = new String[3000];
    for (int n = 0; n < ids.length; n++) {
      ids[n] = "id-" + n;
    }
    float[] users = new float[ids.length * 16];
    float[] items = new float[ids.length * 16];
    for (int c = 0; c < users.length; c++) {
      users[c] = (float) rnd.nextGaussian();
      items[c] = (float) rnd.nextGaussian();
    }
    AlsModel m =
        new AlsModel(
            "big",
            AlsParams.defaults().withFactors(16),
            5,
            ids,
            index(ids),
            ids.clone(),
            index(ids),
            users,
            items);
    AlsModel back = AlsModel.readFrom(new ByteArrayInputStream(bytes(m)));
    assertThat(back.userFactors()).isEqualTo(users);
    assertThat(back.itemFactors()).isEqualTo(items);
  }

  @Test
  void readingConsumesExactlyOneModel() throws IOException {
    AlsModel other = tiny().withVersion("second");
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(bytes(tiny())), new ByteArrayInputStream(bytes(other)));
    assertThat(AlsModel.readFrom(in).version()).isEqualTo("v1");
    assertThat(AlsModel.readFrom(in).version()).isEqualTo("second");
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void everyTruncationIsCorruptData() throws IOException {
    byte[] b = bytes(tiny());
    for (int len = 0; len < b.length; len++) {
      byte[] prefix = Arrays.copyOf(b, len);
      assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(prefix)))
          .as("prefix of %d bytes", len)
          .isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void badMagicIsCorruptData() throws IOException {
    byte[] b = bytes(tiny());
    b[0] = 'X';
    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(b)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("not an ALS model: magic 0x58414c53, expected 0x4d414c53");
  }

  @Test
  void unknownVersionIsCorruptData() throws IOException {
    byte[] b = bytes(tiny());
    b[4] = 2;
    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(b)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("unknown ALS model version 2");
  }

  @Test
  void aFlippedFactorBitFailsTheChecksum() throws IOException {
    byte[] b = bytes(tiny());
    b[b.length - 6] ^= 1;
    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(b)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("ALS model checksum mismatch");
  }

  @Test
  void damagedBytesFailAsCorruptDataOnly() throws IOException {
    byte[] good = bytes(tiny());
    SplittableRandom rnd = new SplittableRandom(13);
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] b = good.clone();
      int at = rnd.nextInt(b.length);
      byte was = b[at];
      b[at] = (byte) (was + 1 + rnd.nextInt(255)); // a different byte
      assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(b)))
          .as("byte %d changed from %d to %d", at, was, b[at])
          .isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void invalidParametersInTheHeaderAreCorruptData() throws IOException {
    byte[] b = bytes(tiny());
    b[9 + 3 + 8 + 3] = 0; // factors 2 → 0
    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(b)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("ALS model parameters: als.factors must be in 1..1024 but was 0");
  }

  static Object2IntOpenHashMap<String> index(String... ids) {
    Object2IntOpenHashMap<String> m = new Object2IntOpenHashMap<>();
    m.defaultReturnValue(-1);
    for (int n = 0; n < ids.length; n++) {
      m.put(ids[n], n);
    }
    return m;
  }
}
