package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.engine.RecoveryStatus.Phase;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class RecoveryProgressTest {
  private final long[] now = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
  private final InstantSource clock = () -> Instant.ofEpochMilli(now[0]);

  @Test
  void reportsEachPhaseAndTheReplayRateAndEta() {
    RecoveryProgress p = new RecoveryProgress(clock);
    assertThat(p.status().phase()).isEqualTo(Phase.STARTING);
    assertThat(p.status().describe())
        .isEqualTo("starting: opening the catalog and campaign stores");

    now[0] += 1_000;
    p.loadingSnapshot(2_000_000, 150_000_000, 5);
    p.partLoaded();
    p.partLoaded();
    assertThat(p.status().describe())
        .isEqualTo(
            "loading the snapshot at journal sequence 2,000,000 (150,000,000 bytes): 2 of 5 parts decoded, 1 s so far");

    p.checkingJournal();
    assertThat(p.status().phase()).isEqualTo(Phase.CHECKING_JOURNAL);

    now[0] += 2_000;
    p.replaying(1_000_000);
    now[0] += 5_000;
    p.replayed(250_000);
    RecoveryStatus s = p.status();
    assertThat(s.recordsPerSecond()).isEqualTo(50_000.0);
    assertThat(s.etaSeconds()).isEqualTo(15.0);
    assertThat(s.replayFraction()).isEqualTo(0.25);
    assertThat(s.elapsedSeconds()).isEqualTo(8.0);
    assertThat(s.describe())
        .isEqualTo(
            "replaying the journal: 250,000 of 1,000,000 records (25%), 50,000 records/s, about 15 s left");

    now[0] += 15_000;
    p.replayed(1_000_000);
    p.done();
    now[0] += 60_000; // later reads report how the recovery went, not a growing time
    RecoveryStatus done = p.status();
    assertThat(done.phase()).isEqualTo(Phase.DONE);
    assertThat(done.etaSeconds()).isNull();
    assertThat(done.replayFraction()).isEqualTo(1.0);
    assertThat(done.elapsedSeconds()).isEqualTo(23.0);
    assertThat(done.describe())
        .isEqualTo(
            "recovered in 23.0 s: snapshot at sequence 2,000,000, 1,000,000 journal records replayed");
  }

  @Test
  void noRateNorEtaBeforeTheFirstRecordsAndNothingToReplayIsDone() {
    RecoveryProgress p = new RecoveryProgress(clock);
    p.replaying(0);
    assertThat(p.status().etaSeconds()).isNull();
    assertThat(p.status().describe()).isEqualTo("replaying the journal: 0 of 0 records (0%)");
    p.done();
    assertThat(p.status().replayFraction()).isEqualTo(1.0);
  }
}
