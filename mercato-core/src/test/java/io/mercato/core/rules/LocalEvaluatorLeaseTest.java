package io.mercato.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalEvaluatorLeaseTest {
  @Test
  void oneHolderPerNameInAProcess() {
    try (LocalEvaluatorLease a = new LocalEvaluatorLease("test-dir-1");
        LocalEvaluatorLease b = new LocalEvaluatorLease("test-dir-1");
        LocalEvaluatorLease other = new LocalEvaluatorLease("test-dir-2")) {
      assertThat(a.tryAcquire()).isTrue();
      assertThat(a.tryAcquire()).isTrue();
      assertThat(b.tryAcquire()).isFalse();
      assertThat(other.tryAcquire()).isTrue();
      a.release();
      assertThat(a.held()).isFalse();
      assertThat(b.tryAcquire()).isTrue();
      assertThat(a.tryAcquire()).isFalse();
    }
  }
}
