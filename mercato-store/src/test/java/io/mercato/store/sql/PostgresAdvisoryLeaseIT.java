package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's evaluator lease on a real PostgreSQL server: two contenders (two sessions, as two
 * API nodes would have) never hold it at once, the other takes it when the holder releases it or
 * its session dies, and a holder keeps it across checks.
 */
class PostgresAdvisoryLeaseIT {
  private static PostgresTestDatabase pg;

  @BeforeAll
  static void createDatabase() {
    pg = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void twoContendersNeverHoldTheLeaseAtOnce() throws Exception {
    try (PostgresAdvisoryLease a = new PostgresAdvisoryLease(pg.config(), "evaluator-1");
        PostgresAdvisoryLease b = new PostgresAdvisoryLease(pg.config(), "evaluator-1")) {
      assertThat(a.tryAcquire()).isTrue();
      assertThat(b.tryAcquire()).isFalse();
      assertThat(a.tryAcquire()).as("the holder keeps it").isTrue();
      a.release();
      assertThat(b.tryAcquire()).isTrue();
      assertThat(a.tryAcquire()).isFalse();
    }
  }

  @Test
  void contendersRacingForTheLeaseNeverOverlap() throws Exception {
    int rounds = 200;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger acquired = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int n = 0; n < 2; n++) {
        done.add(
            pool.submit(
                () -> {
                  try (PostgresAdvisoryLease lease =
                      new PostgresAdvisoryLease(pg.config(), "evaluator-race")) {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                      if (lease.tryAcquire()) {
                        acquired.incrementAndGet();
                        if (holders.incrementAndGet() > 1) {
                          overlaps.incrementAndGet();
                        }
                        holders.decrementAndGet();
                        lease.release();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(overlaps.get()).isZero();
    assertThat(acquired.get()).isPositive();
  }

  @Test
  void aHolderWhoseSessionDiesLosesTheLeaseToTheOther() throws Exception {
    try (PostgresAdvisoryLease a = new PostgresAdvisoryLease(pg.config(), "evaluator-crash");
        PostgresAdvisoryLease b = new PostgresAdvisoryLease(pg.config(), "evaluator-crash")) {
      assertThat(a.tryAcquire()).isTrue();
      // end a's session from the server side, as a crashed node's would end
      try (Database admin = Database.open(pg.config(), Path.of("unused"));
          var con = admin.connection();
          var s = con.createStatement()) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                + (PostgresAdvisoryLease.key("evaluator-crash") & 0xffffffffL));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      boolean taken = false;
      while (!taken && System.nanoTime() < deadline) {
        taken = b.tryAcquire();
      }
      assertThat(taken).isTrue();
      assertThat(a.tryAcquire())
          .as("the old holder finds its session gone and the lease taken")
          .isFalse();
    }
  }
}
