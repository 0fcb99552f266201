package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterBudgetTest {
  private static final List<FieldError> MISSING =
      List.of(
          new FieldError("type", "is required"),
          new FieldError("user_id", "is required"),
          new FieldError("timestamp", "is required"));

  @Test
  void realEventsAreKeptWhole() {
    List<Rejection> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String raw =
          "{\"event_id\":\"e-"
              + i
              + "\",\"type\":\"view\",\"item_id\":\"p-"
              + i
              + "\",\"timestamp\":\"2026-11-24T12:00:00Z\",\"attributes\":{\"placement\":\"home\"}}";
      batch.add(new Rejection(i, List.of(new FieldError("user_id", "is required")), raw));
    }
    assertThat(DeadLetterBudget.fit(batch)).isSameAs(batch);
  }

  @Test
  void tinyRecordsBeyondTwiceTheirTextAreSummarisedWithExactCounts() {
    List<Rejection> batch = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      batch.add(new Rejection(i, MISSING, "{}"));
    }
    List<Rejection> fitted = DeadLetterBudget.fit(batch);

    long budget = DeadLetterBudget.budget(2L * batch.size(), batch.size());
    long written = fitted.stream().mapToLong(DeadLetterBudget::estimatedSize).sum();
    assertThat(written)
        .isLessThanOrEqualTo(
            budget + DeadLetterBudget.estimatedSize(fitted.get(fitted.size() - 1)));
    Rejection summary = fitted.get(fitted.size() - 1);
    int kept = fitted.size() - 1;
    assertThat(fitted.subList(0, kept)).isEqualTo(batch.subList(0, kept));
    assertThat(summary.index()).isEqualTo(kept);
    assertThat(summary.raw()).isEmpty();
    assertThat(summary.errors().get(0).field()).isEqualTo(DeadLetterBudget.FIELD);
    int omitted = batch.size() - kept;
    assertThat(summary.errors().get(0).message())
        .startsWith(
            omitted + " more rejected records of this batch (indexes " + kept + " to 99999)");
    assertThat(summary.errors().subList(1, 4))
        .containsExactly(
            new FieldError("timestamp", "is required (" + omitted + " records)"),
            new FieldError("type", "is required (" + omitted + " records)"),
            new FieldError("user_id", "is required (" + omitted + " records)"));
  }
}
