package io.mercato.ml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.ml.mlp.MlpModel;
import io.mercato.ml.mlp.MlpSwapFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Atomic swap under concurrent use: whole models only, each closed once, never while in use. */
class ModelSlotTest {
  /** A model that knows whether it is in use and fails loudly when used after close. */
  static final class Probe implements AutoCloseable {
    final int id;
    final AtomicInteger inUse = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile boolean closed;

    Probe(int id) {
      this.id = id;
    }

    int score() {
      if (closed) {
        throw new IllegalStateException("model " + id + " used after close");
      }
      inUse.incrementAndGet();
      Thread.yield();
      int v = id;
      if (closed) {
        throw new IllegalStateException("model " + id + " closed while in use");
      }
      inUse.decrementAndGet();
      return v;
    }

    @Override
    public void close() {
      if (inUse.get() != 0) {
        throw new AssertionError(
            "model " + id + " closed while " + inUse.get() + " requests use it");
      }
      closed = true;
      closes.incrementAndGet();
    }
  }

  @Test
  void emptySlotAnswersNothing() {
    ModelSlot<Probe> slot = new ModelSlot<>();
    assertThat(slot.use(Probe::score)).isEmpty();
    assertThat(slot.peek()).isEmpty();
  }

  @Test
  void swapsUnderConcurrentUseCloseEachRetiredModelOnceAndNeverUnderARequest() throws Exception {
    ModelSlot<Probe> slot = new ModelSlot<>();
    List<Probe> models = new ArrayList<>();
    models.add(new Probe(0));
    slot.swap(models.get(0));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      readers.add(
          pool.submit(
              () -> {
                int calls = 0;
                int last = -1;
                while (!stop.get()) {
                  int id = slot.use(Probe::score).orElseThrow();
                  assertThat(id)
                      .as("never an older model after a newer one")
                      .isGreaterThanOrEqualTo(last);
                  last = id;
                  calls++;
                }
                return calls;
              }));
    }
    for (int i = 1; i <= 2000; i++) {
      Probe p = new Probe(i);
      models.add(p);
      slot.swap(p);
    }
    stop.set(true);
    int calls = 0;
    for (Future<Integer> f : readers) {
      calls += f.get();
    }
    pool.shutdown();
    assertThat(calls).isPositive();
    for (Probe p : models.subList(0, models.size() - 1)) {
      assertThat(p.closes.get()).as("retired model " + p.id).isEqualTo(1);
    }
    Probe current = models.get(models.size() - 1);
    assertThat(current.closes.get()).isZero();
    assertThat(slot.use(Probe::score)).contains(2000);
    slot.clear();
    assertThat(current.closes.get()).isEqualTo(1);
    assertThat(slot.use(Probe::score)).isEmpty();
  }

  @Test
  void realModelsServeWhileBeingSwapped() throws Exception {
    // MLP models hold native memory: a use after close would fail inside PyTorch, not pass silently
    MlpSwapFixture f = new MlpSwapFixture();
    ModelSlot<MlpModel> slot = new ModelSlot<>();
    slot.swap(f.model(1));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Integer> reader =
        pool.submit(
            () -> {
              int n = 0;
              while (!stop.get()) {
                float[] s =
                    slot.use(m -> m.score(f.history(), f.candidates()).orElseThrow()).orElseThrow();
                assertThat(s).hasSize(f.candidates().size());
                for (float v : s) {
                  assertThat(v).isBetween(0f, 1f);
                }
                n++;
              }
              return n;
            });
    String last = null;
    for (int i = 2; i <= 30; i++) {
      MlpModel m = f.model(i);
      last = m.version();
      slot.swap(m);
    }
    stop.set(true);
    assertThat(reader.get()).isPositive();
    pool.shutdown();
    assertThat(slot.peek().orElseThrow().version()).isEqualTo(last);
    slot.clear();
  }
}
