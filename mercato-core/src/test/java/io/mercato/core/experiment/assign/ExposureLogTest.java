package io.mercato.core.experiment.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.CorruptDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExposureLogTest {
  @Test
  void anExposureIsLoggedOncePerUserPerArm() {
    ExposureLog log = new ExposureLog(1_000);
    assertThat(log.firstExposure("als", "u-1")).isTrue();
    assertThat(log.firstExposure("als", "u-1")).isFalse();
    assertThat(log.firstExposure("als", "u-1")).isFalse();
    assertThat(log.firstExposure("control", "u-1")).as("another arm").isTrue();
    assertThat(log.firstExposure("als", "u-2")).as("another user").isTrue();
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.saturated()).isFalse();
  }

  @Test
  void concurrentServersLogEachPairExactlyOnce() throws Exception {
    ExposureLog log = new ExposureLog(100_000);
    AtomicInteger logged = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) { // every thread serves the same 10,000 users
                    if (log.firstExposure("arm-" + (i % 2), "u-" + i)) {
                      logged.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : tasks) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(logged).hasValue(10_000);
  }

  @Test
  void aFullLogNeverLosesAFirstExposureAndSaysItMayRepeat() {
    ExposureLog log = new ExposureLog(2);
    assertThat(log.firstExposure("a", "u-1")).isTrue();
    assertThat(log.firstExposure("a", "u-2")).isTrue();
    assertThat(log.firstExposure("a", "u-3")).isTrue();
    assertThat(log.firstExposure("a", "u-3")).as("not remembered: logged again").isTrue();
    assertThat(log.firstExposure("a", "u-1")).isFalse();
    assertThat(log.saturated()).isTrue();
    assertThat(log.size()).isEqualTo(2);
  }

  @Test
  void bytesRoundTripAndArePinned() {
    ExposureLog log = new ExposureLog(10);
    log.firstExposure("als", "u-1");
    log.firstExposure("control", "u-2");
    byte[] bytes = log.toBytes();
    // Version 1, not saturated, 2 fingerprints ascending (8 bytes each, big-endian).
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            "01"
                + "00"
                + "02"
                + String.format(
                    "%016x",
                    Math.min(
                        ExposureLog.fingerprint("als", "u-1"),
                        ExposureLog.fingerprint("control", "u-2")))
                + String.format(
                    "%016x",
                    Math.max(
                        ExposureLog.fingerprint("als", "u-1"),
                        ExposureLog.fingerprint("control", "u-2"))));
    assertThat(ExposureLog.fingerprint("als", "u-1")).isEqualTo(StableHash.hash64("als", "u-1"));
    ExposureLog back = ExposureLog.fromBytes(bytes, 10);
    assertThat(back.firstExposure("als", "u-1")).isFalse();
    assertThat(back.firstExposure("control", "u-2")).isFalse();
    assertThat(back.firstExposure("control", "u-1")).isTrue();
    assertThat(back.toBytes()).isNotEqualTo(bytes);
  }

  @Test
  void mergeIsAUnionWhateverTheOrder() {
    ExposureLog a = new ExposureLog(100);
    ExposureLog b = new ExposureLog(100);
    a.firstExposure("x", "u-1");
    a.firstExposure("x", "u-2");
    b.firstExposure("x", "u-2");
    b.firstExposure("y", "u-3");
    ExposureLog ab = new ExposureLog(100);
    ab.merge(a);
    ab.merge(b);
    ExposureLog ba = new ExposureLog(100);
    ba.merge(b);
    ba.merge(a);
    assertThat(ab.size()).isEqualTo(3);
    assertThat(ab.toBytes()).isEqualTo(ba.toBytes());
  }

  @Test
  void bytesOfAnotherVersionOrTruncatedAreCorrupt() {
    ExposureLog log = new ExposureLog(10);
    log.firstExposure("a", "u-1");
    byte[] bytes = log.toBytes();
    bytes[0] = 9;
    assertThatThrownBy(() -> ExposureLog.fromBytes(bytes, 10))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
    byte[] ok = log.toBytes();
    assertThatThrownBy(() -> ExposureLog.fromBytes(Arrays.copyOf(ok, ok.length - 1), 10))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> new ExposureLog(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
