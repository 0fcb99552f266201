package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlsParamsTest {
  static final AlsParams D = AlsParams.defaults();

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(D.factors()).isEqualTo(64);
    assertThat(D.iterations()).isEqualTo(15);
    assertThat(D.regularization()).isEqualTo(0.1);
    assertThat(D.alpha()).isEqualTo(10);
    assertThat(D.cgSteps()).isEqualTo(3);
    assertThat(D.seed()).isEqualTo(42);
    assertThat(D.threads()).isEqualTo(Math.min(1024, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void eachWitherChangesOnlyItsField() {
    assertThat(D.withFactors(8)).isEqualTo(new AlsParams(8, 15, 0.1, 10, 3, 42, D.threads()));
    assertThat(D.withIterations(2)).isEqualTo(new AlsParams(64, 2, 0.1, 10, 3, 42, D.threads()));
    assertThat(D.withRegularization(0.5))
        .isEqualTo(new AlsParams(64, 15, 0.5, 10, 3, 42, D.threads()));
    assertThat(D.withAlpha(0)).isEqualTo(new AlsParams(64, 15, 0.1, 0, 3, 42, D.threads()));
    assertThat(D.withCgSteps(1)).isEqualTo(new AlsParams(64, 15, 0.1, 10, 1, 42, D.threads()));
    assertThat(D.withSeed(-7)).isEqualTo(new AlsParams(64, 15, 0.1, 10, 3, -7, D.threads()));
    assertThat(D.withThreads(3)).isEqualTo(new AlsParams(64, 15, 0.1, 10, 3, 42, 3));
  }

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> D.withFactors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("als.factors must be in 1..1024 but was 0");
    assertThatThrownBy(() -> D.withFactors(1025))
        .hasMessage("als.factors must be in 1..1024 but was 1025");
    assertThatThrownBy(() -> D.withIterations(0))
        .hasMessage("als.iterations must be in 1..1000 but was 0");
    assertThatThrownBy(() -> D.withRegularization(0))
        .hasMessage("als.regularization must be a finite number > 0 but was 0.0");
    assertThatThrownBy(() -> D.withRegularization(Double.NaN))
        .hasMessage("als.regularization must be a finite number > 0 but was NaN");
    assertThatThrownBy(() -> D.withRegularization(Double.POSITIVE_INFINITY))
        .hasMessageStartingWith("als.regularization must be");
    assertThatThrownBy(() -> D.withAlpha(-1))
        .hasMessage("als.alpha must be a finite number >= 0 but was -1.0");
    assertThatThrownBy(() -> D.withAlpha(Double.NaN)).hasMessageStartingWith("als.alpha must be");
    assertThatThrownBy(() -> D.withCgSteps(0))
        .hasMessage("als.cgSteps must be in 1..1024 but was 0");
    assertThatThrownBy(() -> D.withThreads(0))
        .hasMessage("als.threads must be in 1..1024 but was 0");
  }
}
