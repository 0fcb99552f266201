package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Campaign;
import io.mercato.core.time.Window;
import io.mercato.server.backend.AdDecisions;
import io.mercato.server.backend.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KPI streams' shared reads over a real engine: one engine read serves many streams, and no stale one. */
class SharedKpiReadsIT {
  @TempDir Path dataDir;
  private TestServer t;
  private AdDecisions real;
  private final AtomicInteger engineReads = new AtomicInteger();
  private AdDecisions counting;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    putSale(10);
    real = Backend.embedded(t.engine).ads();
    counting =
        (AdDecisions)
            Proxy.newProxyInstance(
                AdDecisions.class.getClassLoader(),
                new Class<?>[] {AdDecisions.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("kpis")) {
                    engineReads.incrementAndGet();
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private void putSale(int discount) {
    var r =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/campaigns/sale"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        """
            {"name": "Sale", "start": "2026-11-23T12:30:00Z", "end": "2026-11-25T12:30:00Z", "currency": "EUR",
             "status": "active", "total_budget": 1000, "daily_budget": 500, "discount": {"kind": "percent", "value": %d}}
            """
                            .formatted(discount)))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void manyStreamsOfOneCampaignShareOneReadUntilItAgesOrTheCampaignChanges() throws Exception {
    SharedKpiReads reads = new SharedKpiReads(counting, TimeUnit.SECONDS.toNanos(30));
    Window w = real.windows().byName("1h");
    Campaign c = real.inventory().campaign("sale");
    SharedKpiReads.Reading first = reads.read(c, w);
    for (int stream = 0; stream < 49; stream++) {
      assertThat(reads.read(real.inventory().campaign("sale"), w)).isSameAs(first);
    }
    assertThat(engineReads).hasValue(1);
    assertThat(first.json()).contains("\"campaign_id\":\"sale\"");

    putSale(20); // an edit replaces the campaign object: the next read is fresh
    SharedKpiReads.Reading edited = reads.read(real.inventory().campaign("sale"), w);
    assertThat(edited).isNotSameAs(first);
    assertThat(engineReads).hasValue(2);
    assertThat(reads.read(real.inventory().campaign("sale"), real.windows().byName("24h")))
        .isNotSameAs(edited);
    assertThat(engineReads).hasValue(3); // another window is another reading
  }

  @Test
  void aReadingOlderThanItsMaximumAgeIsReadAgain() throws Exception {
    SharedKpiReads reads = new SharedKpiReads(counting, TimeUnit.MILLISECONDS.toNanos(20));
    Window w = real.windows().byName("1h");
    Campaign c = real.inventory().campaign("sale");
    SharedKpiReads.Reading first = reads.read(c, w);
    t.postJson(
        "{\"event_id\":\"imp-1\",\"type\":\"impression\",\"user_id\":\"u-1\",\"ad_id\":\"a\","
            + "\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:29:00Z\"}");
    Thread.sleep(40);
    SharedKpiReads.Reading later = reads.read(c, w);
    assertThat(later).isNotSameAs(first);
    assertThat(engineReads).hasValue(2);
    assertThat(later.kpis().total().impressions())
        .isEqualTo(first.kpis().total().impressions() + 1);
  }
}
