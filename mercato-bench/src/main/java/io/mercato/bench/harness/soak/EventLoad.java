package io.mercato.bench.harness.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sender threads posting NDJSON batches of new events to {@code POST /v1/events} until stopped or the
 * server goes away. Each batch is recorded as sent before it goes out and as acknowledged only when
 * the server answered 202 with every event accepted; a 503 (backpressure, recovery) leaves it
 * unacknowledged, and anything else is a surprise the soak reports.
 */
final class EventLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final SoakLedger ledger;
  private final int batch;
  private final List<String> surprises;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  /** @param surprises where unexpected answers go (a synchronized list) */
  EventLoad(URI base, SoakLedger ledger, int batch, List<String> surprises) {
    this.endpoint = base.resolve("/v1/events");
    this.ledger = ledger;
    this.batch = batch;
    this.surprises = surprises;
  }

  EventLoad start() {
    for (int s = 0; s < ledger.senders(); s++) {
      int sender = s;
      Thread t = new Thread(() -> run(sender), "soak-sender-" + s);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return this;
  }

  /** Stops sending and waits for every sender (after a kill they end on their failed request). */
  void stopAndJoin() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(Duration.ofMinutes(2).toMillis());
      if (t.isAlive()) {
        surprises.add(t.getName() + " did not end within 2 minutes of being stopped");
      }
    }
  }

  private void run(int sender) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    while (!stop.get()) {
      long first = ledger.reserve(sender, batch);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      Instant now = Instant.now();
      for (long n = first; n < first + batch; n++) {
        body.writeBytes(SoakLedger.json(sender, n, now));
        body.write('\n');
      }
      HttpResponse<String> r;
      try {
        r =
            http.send(
                HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        return; // the server died: this batch was never acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (r.statusCode() == 202) {
        acknowledge(sender, first, r.body());
      } else if (r.statusCode() == 503) {
        pause();
      } else {
        surprises.add(
            "a batch of "
                + batch
                + " new events answered "
                + r.statusCode()
                + ": "
                + abbreviate(r.body()));
      }
    }
  }

  private void acknowledge(int sender, long first, String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n.path("accepted").asInt(-1) == batch && n.path("duplicates").asInt(-1) == 0) {
        ledger.acknowledge(sender, first, batch);
        return;
      }
    } catch (IOException e) {
      // reported below
    }
    surprises.add(
        "a batch of " + batch + " new events was not accepted whole: " + abbreviate(body));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
