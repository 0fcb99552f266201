package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.FrequencyCaps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Caps hold when 50 decisions for one user race each other. */
class ConcurrentCapsTest {
  @Test
  void fiftyConcurrentDecisionsForOneUserNeverExceedTheCaps() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      for (int round = 0; round < 40; round++) {
        Fixtures.Inventory inv = new Fixtures.Inventory();
        inv.add(
                Fixtures.withCaps(
                    Fixtures.campaign("c", "1000", "10000"), new FrequencyCaps(3, 10, 5, 20)))
            .add(Fixtures.ad("a", "c", BidType.CPC, "1"))
            .add(Fixtures.ad("b", "c", BidType.CPC, "1"))
            .add(
                Fixtures.withCaps(
                    Fixtures.campaign("d", "1000", "10000"), new FrequencyCaps(2, 10, 2, 20)))
            .add(Fixtures.ad("x", "d", BidType.CPM, "5"));
        AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
        DecisionService service =
            new DecisionService(
                () -> inv,
                ledger,
                new CtrModel(0.01, 100),
                new Fixtures.Clock(T0.plus(Duration.ofHours(10))),
                (long) round);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    return service.decide("u", "home", 2, true, Fixtures::input);
                  }));
        }
        start.countDown();
        int a = 0;
        int b = 0;
        int x = 0;
        for (Future<Decision> f : futures) {
          for (ChosenAd c : f.get().ads()) {
            switch (c.ad().id()) {
              case "a" -> a++;
              case "b" -> b++;
              default -> x++;
            }
          }
        }
        assertThat(a).as("round %d: ad a per hour", round).isLessThanOrEqualTo(3);
        assertThat(b).as("round %d: ad b per hour", round).isLessThanOrEqualTo(3);
        assertThat(a + b).as("round %d: campaign c per hour", round).isEqualTo(5);
        assertThat(x).as("round %d: campaign d per hour", round).isEqualTo(2);
        assertThat(ledger.adCounts("a")[0] + ledger.adCounts("b")[0]).isEqualTo(5);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
