package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionSummaryTest {
  @Test
  void groupsByFieldAndMessageMostFrequentFirstCountingARecordOncePerError() {
    FieldError noUser = new FieldError("user_id", "is required");
    FieldError badType = new FieldError("type", "must not be empty");
    List<Rejection> rejections =
        List.of(
            new Rejection(0, List.of(noUser, badType), "a"),
            new Rejection(1, List.of(noUser, noUser), "b"),
            new Rejection(2, List.of(noUser), "c"));

    assertThat(RejectionSummary.of(rejections, 10))
        .containsExactly(
            new ErrorCount("user_id", "is required", 3),
            new ErrorCount("type", "must not be empty", 1));
  }

  @Test
  void groupsBeyondTheLimitAreFoldedIntoOneCountingEachRecordOnce() {
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // every record has the common error and one of its own
      rejections.add(
          new Rejection(
              i,
              List.of(
                  new FieldError("type", "is required"),
                  new FieldError("attributes.a" + i, "must be a string, number or boolean")),
              "x"));
    }
    List<ErrorCount> summary = RejectionSummary.of(rejections, 5);

    assertThat(summary).hasSize(5);
    assertThat(summary.get(0)).isEqualTo(new ErrorCount("type", "is required", 500));
    // 3 single-record groups listed, the other 497 records folded into the last line
    assertThat(summary.get(4)).isEqualTo(new ErrorCount("*", RejectionSummary.OTHER_ERRORS, 497));
  }

  @Test
  void noRejectionsNoLines() {
    assertThat(RejectionSummary.of(List.of(), 3)).isEmpty();
  }
}
