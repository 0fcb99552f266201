package io.mercato.core.rules;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link WebhookSender} over {@link HttpClient}: a POST with a timeout per attempt; a 2xx answer
 * is delivered; a 5xx, a 429, a timeout or a connection failure is retried after an exponential
 * backoff ({@code backoff}, then twice that, ...) up to {@code attempts} attempts; any other status
 * (a 4xx: the receiver refuses the body) fails at once, since repeating it cannot help. Waiting is
 * delegated to a {@link Sleeper} so tests do not sleep. Thread-safe.
 */
public final class HttpWebhookSender implements WebhookSender {
  /** Waits between attempts. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpClient client;
  private final int attempts;
  private final Duration backoff;
  private final Duration timeout;
  private final Sleeper sleeper;

  /**
   * @param attempts most attempts, 1..10
   * @param backoff  wait before the second attempt; doubled for each later one
   * @param timeout  per attempt
   */
  public HttpWebhookSender(
      HttpClient client, int attempts, Duration backoff, Duration timeout, Sleeper sleeper) {
    this.client = Objects.requireNonNull(client, "client");
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("webhook attempts must be in [1, 10] but was " + attempts);
    }
    this.attempts = attempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Three attempts, 1 s then 2 s apart, 5 s each, sleeping the thread. */
  public static HttpWebhookSender defaults() {
    return new HttpWebhookSender(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        d -> Thread.sleep(d.toMillis()));
  }

  @Override
  public Delivery send(URI url, byte[] json) {
    int status = -1;
    String error = "";
    Duration wait = backoff;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Delivery(
              false, attempt - 1, status, "interrupted while waiting to retry; last: " + error);
        }
        wait = wait.multipliedBy(2);
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "mercato-rules")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        status = r.statusCode();
        if (status >= 200 && status < 300) {
          return new Delivery(true, attempt, status, "");
        }
        error = "HTTP " + status;
        if (status < 500 && status != 429) {
          return new Delivery(
              false, attempt, status, error + " (not retried: the receiver refused the body)");
        }
      } catch (IOException e) {
        status = -1;
        error =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Delivery(false, attempt, -1, "interrupted");
      }
    }
    return new Delivery(false, attempts, status, error);
  }
}
