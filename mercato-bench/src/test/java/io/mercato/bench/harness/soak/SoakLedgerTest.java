package io.mercato.bench.harness.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The soak's compact record of what was sent and acknowledged. */
class SoakLedgerTest {
  @Test
  void sentAndAcknowledgedAreCountedPerSenderAndType() {
    SoakLedger l = new SoakLedger(2);
    long a = l.reserve(0, 100);
    long b = l.reserve(0, 50);
    long c = l.reserve(1, 10);
    assertThat(a).isZero();
    assertThat(b).isEqualTo(100);
    assertThat(c).isZero();
    l.acknowledge(0, b, 50);
    assertThat(l.sentTotal()).isEqualTo(160);
    assertThat(l.ackedTotal()).isEqualTo(50);
    assertThat(l.isAcked(0, 99)).isFalse();
    assertThat(l.isAcked(0, 100)).isTrue();
    assertThat(l.isAcked(0, 149)).isTrue();
    Map<String, Long> sent = l.sentByType();
    assertThat(sent.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(160);
    assertThat(sent.keySet()).isSubsetOf(SoakLedger.TYPES);
    Map<String, Long> acked = l.ackedByType();
    assertThat(acked.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
    acked.forEach((type, n) -> assertThat(n).isLessThanOrEqualTo(sent.get(type)));
  }

  @Test
  void everyTypeOfTheRotationIsUsedAndEachEventIsValid() {
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));
    EventJsonReader reader = new EventJsonReader(EventValidator.of(EventLimits.defaults(), clock));
    Set<String> types = new HashSet<>();
    for (long n = 0; n < 600; n++) {
      byte[] json = SoakLedger.json(1, n, clock.instant());
      ReadResult r = reader.read(json, EventJsonReader.Format.NDJSON);
      assertThat(r.rejected()).isEmpty();
      assertThat(r.events().get(0).eventId()).isEqualTo(SoakLedger.id(1, n));
      assertThat(r.events().get(0).type()).isEqualTo(SoakLedger.type(n));
      types.add(SoakLedger.type(n));
    }
    assertThat(types).containsExactlyInAnyOrderElementsOf(new HashSet<>(SoakLedger.TYPES));
  }
}
