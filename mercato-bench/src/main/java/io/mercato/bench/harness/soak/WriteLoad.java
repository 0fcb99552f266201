package io.mercato.bench.harness.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer thread putting new catalog items ({@code PUT /v1/items/sk-i-n}) and draft campaigns
 * ({@code PUT /v1/campaigns/sk-c-n}) in turn, recording each id as sent before the request and as
 * acknowledged on 200, until the server goes away. Acknowledged ids must all be there after a restart,
 * and nothing that was never sent may be.
 */
final class WriteLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Set<String> itemsSent = ConcurrentHashMap.newKeySet();
  final Set<String> itemsAcked = ConcurrentHashMap.newKeySet();
  final Set<String> campaignsSent = ConcurrentHashMap.newKeySet();
  final Set<String> campaignsAcked = ConcurrentHashMap.newKeySet();
  private final List<String> surprises;
  private long next;
  private volatile boolean stop;
  private Thread thread;
  private URI base;

  WriteLoad(List<String> surprises) {
    this.surprises = surprises;
  }

  /** Starts writing to the server at {@code base}. */
  void start(URI base) {
    this.base = base;
    this.stop = false;
    thread = new Thread(this::run, "soak-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void stopAndJoin() throws InterruptedException {
    stop = true;
    if (thread != null) {
      thread.join(Duration.ofMinutes(2).toMillis());
    }
  }

  private void run() {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    while (!stop) {
      long n = next++;
      boolean item = n % 2 == 0;
      String id = (item ? "sk-i-" : "sk-c-") + n;
      (item ? itemsSent : campaignsSent).add(id);
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve((item ? "/v1/items/" : "/v1/campaigns/") + id))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(item ? item(n) : campaign(n)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          (item ? itemsAcked : campaignsAcked).add(id);
        } else if (r.statusCode() != 503) {
          surprises.add(
              "PUT " + id + " answered " + r.statusCode() + ": " + EventLoad.abbreviate(r.body()));
        }
      } catch (IOException e) {
        return; // the server died: not acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static byte[] item(long n) {
    ObjectNode i = JSON.createObjectNode();
    i.put("category", "soak");
    i.put("price", n % 1000);
    return bytes(i);
  }

  private static byte[] campaign(long n) {
    ObjectNode c = JSON.createObjectNode();
    c.put("name", "Soak " + n);
    c.put("start", Instant.now().toString());
    c.put("end", Instant.now().plus(Duration.ofDays(30)).toString());
    c.put("currency", "EUR");
    c.put("total_budget", 1000);
    c.put("daily_budget", 100);
    return bytes(c);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
