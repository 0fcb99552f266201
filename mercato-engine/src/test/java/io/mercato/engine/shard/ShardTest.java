package io.mercato.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShardTest {
  static Event ev(String user, long seq) {
    return new Event(
        user + "-" + seq, false, "view", user, null, null, null, null, null, seq, Map.of());
  }

  @Test
  void eventsOfEachSubmitterAreAppliedInSubmissionOrder() throws Exception {
    List<Event> applied = new ArrayList<>();
    try (Shard<List<Event>> shard = new Shard<>(0, applied, List::add, 1_000_000, 0)) {
      shard.start();
      Thread[] writers = new Thread[4];
      for (int w = 0; w < writers.length; w++) {
        String user = "u" + w;
        writers[w] =
            new Thread(
                () -> {
                  for (int b = 0; b < 200; b++) {
                    List<Event> batch = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                      batch.add(ev(user, b * 10L + i));
                    }
                    assertThat(shard.tryReserve(batch.size())).isTrue();
                    shard.submit(batch, 0);
                  }
                });
        writers[w].start();
      }
      for (Thread t : writers) {
        t.join();
      }
      int total = shard.ask(List::size).get(10, TimeUnit.SECONDS);
      assertThat(total).isEqualTo(4 * 200 * 10);
      for (int w = 0; w < 4; w++) {
        String user = "u" + w;
        List<Long> order =
            shard
                .ask(
                    l ->
                        l.stream()
                            .filter(e -> e.userId().equals(user))
                            .map(Event::timestampMillis)
                            .toList())
                .get(10, TimeUnit.SECONDS);
        assertThat(order).isSorted().hasSize(2000);
      }
    }
  }

  @Test
  void reservationFailsWhenTheQueueIsFullAndRoomReturnsAfterApply() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (Shard<List<Event>> shard = new Shard<>(0, new ArrayList<>(), List::add, 10, 0)) {
      shard.start();
      shard.ask(
          s -> {
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return null;
          });
      assertThat(shard.tryReserve(8)).isTrue();
      shard.submit(
          List.of(
              ev("u", 1),
              ev("u", 2),
              ev("u", 3),
              ev("u", 4),
              ev("u", 5),
              ev("u", 6),
              ev("u", 7),
              ev("u", 8)),
          8);
      assertThat(shard.tryReserve(3)).as("only 2 of 10 left").isFalse();
      assertThat(shard.queued()).isEqualTo(8);
      gate.countDown();
      assertThat(shard.ask(List::size).get(10, TimeUnit.SECONDS)).isEqualTo(8);
      assertThat(shard.tryReserve(10)).isTrue();
      assertThat(shard.appliedSequence()).isEqualTo(8);
    }
  }
}
