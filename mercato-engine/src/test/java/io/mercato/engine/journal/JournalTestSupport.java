package io.mercato.engine.journal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared fixtures: deterministic payloads and a replay collector. */
final class JournalTestSupport {

  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private JournalTestSupport() {}

  /** A small-segment config that rolls every few records. */
  static JournalConfig smallSegments(FsyncPolicy policy) {
    return new JournalConfig(4096, policy, Duration.ofMillis(5), Duration.ZERO);
  }

  /** Payload of {@code size} bytes derived from {@code sequence}, so tests can recompute it. */
  static byte[] payload(long sequence, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(sequence).nextBytes(bytes);
    return bytes;
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  record Entry(long sequence, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  static List<Entry> replayAll(Journal journal, long afterSequence) {
    List<Entry> entries = new ArrayList<>();
    journal.replay(afterSequence, (sequence, payload) -> entries.add(new Entry(sequence, payload)));
    return entries;
  }
}
