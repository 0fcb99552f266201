package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.EngineStatus.State;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-12-08T00:00:00Z"));

  @Test
  void refusesWorkWhileRecoveringNamingWhereRecoveryStands() {
    Lifecycle l = new Lifecycle(new RecoveryProgress(clock));
    assertThat(l.state()).isEqualTo(State.RECOVERING);
    assertThatThrownBy(l::requireReady)
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageStartingWith("engine is recovering: starting");
  }

  @Test
  void servesOnceReadyAndNamesTheReasonOnceFailed() {
    Lifecycle l = new Lifecycle(new RecoveryProgress(clock));
    l.ready();
    l.requireReady();
    assertThat(l.detail()).isNull();
    l.fail("journal fsync failed: disk full");
    assertThat(l.state()).isEqualTo(State.FAILED);
    assertThatThrownBy(l::requireReady)
        .hasMessage("engine is failed: journal fsync failed: disk full");
  }

  @Test
  void aFailedRecoveryNeverTurnsReadyAndAClosedEngineNeverTurnsFailed() {
    Lifecycle l = new Lifecycle(new RecoveryProgress(clock));
    l.fail("recovery failed: journal gap");
    l.ready();
    assertThat(l.state()).isEqualTo(State.FAILED);
    l.close();
    l.fail("late failure");
    assertThat(l.state()).isEqualTo(State.CLOSED);
    assertThat(l.detail()).isEqualTo("closed");
  }
}
