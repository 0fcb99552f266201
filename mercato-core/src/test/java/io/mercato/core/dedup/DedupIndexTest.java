package io.mercato.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DedupIndexTest {
  static final long HOUR = 3_600_000L;

  @Test
  void secondSightingWithinHorizonIsADuplicate() {
    DedupIndex idx = new DedupIndex(Duration.ofHours(24), 1000);
    long fp = DedupIndex.fingerprint("e-1");
    assertThat(idx.markIfNew(fp, 0)).isTrue();
    assertThat(idx.markIfNew(fp, 23 * HOUR)).isFalse();
  }

  @Test
  void idIsForgottenAfterTheHorizon() {
    DedupIndex idx = new DedupIndex(Duration.ofHours(24), 1000);
    long fp = DedupIndex.fingerprint("e-1");
    idx.markIfNew(fp, 0);
    assertThat(idx.markIfNew(DedupIndex.fingerprint("other"), 25 * HOUR)).isTrue();
    assertThat(idx.contains(fp)).isFalse();
    assertThat(idx.markIfNew(fp, 25 * HOUR)).isTrue();
  }

  @Test
  void capEvictsTheOldestBucketEarlyAndCountsIt() {
    DedupIndex idx = new DedupIndex(Duration.ofHours(24), 10);
    for (int i = 0; i < 10; i++) {
      idx.markIfNew(DedupIndex.fingerprint("old-" + i), 0);
    }
    for (int i = 0; i < 5; i++) {
      idx.markIfNew(DedupIndex.fingerprint("new-" + i), 2 * HOUR);
    }
    assertThat(idx.size()).isEqualTo(5);
    assertThat(idx.earlyEvictions()).isEqualTo(1);
    assertThat(idx.contains(DedupIndex.fingerprint("new-4"))).isTrue();
  }

  @Test
  void serializedIndexRemembersTheSameIds() {
    DedupIndex idx = new DedupIndex(Duration.ofHours(24), 1000);
    for (int i = 0; i < 100; i++) {
      idx.markIfNew(DedupIndex.fingerprint("e-" + i), i * HOUR / 10);
    }
    BinaryWriter w = new BinaryWriter();
    idx.writeTo(w);
    DedupIndex back =
        DedupIndex.read(new BinaryReader(w.toByteArray()), Duration.ofHours(24), 1000);
    assertThat(back.size()).isEqualTo(100);
    for (int i = 0; i < 100; i++) {
      assertThat(back.markIfNew(DedupIndex.fingerprint("e-" + i), 10 * HOUR)).isFalse();
    }
  }

  @Test
  void aFrozenViewWritesTheBytesOfThatMomentWhileTheIndexGoesOn() {
    DedupIndex index = new DedupIndex(Duration.ofHours(24), 1_000_000);
    long t = 1_800_000_000_000L;
    for (int i = 0; i < 10_000; i++) {
      index.markIfNew(DedupIndex.fingerprint("a-" + i), t + i * 5_000L); // 14 h of ids
    }
    BinaryWriter expected = new BinaryWriter();
    index.writeTo(expected);
    DedupIndex.Frozen frozen = index.frozen();
    assertThat(frozen.size()).isEqualTo(10_000);
    // more ids (growing the last bucket's array), and a day later the oldest buckets expire
    for (int i = 0; i < 50_000; i++) {
      index.markIfNew(DedupIndex.fingerprint("b-" + i), t + 100_000_000L + i * 2_000L);
    }
    BinaryWriter w = new BinaryWriter();
    frozen.writeTo(w);
    assertThat(w.toByteArray()).isEqualTo(expected.toByteArray());
    DedupIndex back =
        DedupIndex.read(new BinaryReader(w.toByteArray()), Duration.ofHours(24), 1_000_000);
    assertThat(back.size()).isEqualTo(10_000);
    assertThat(back.contains(DedupIndex.fingerprint("a-9999"))).isTrue();
  }
}
