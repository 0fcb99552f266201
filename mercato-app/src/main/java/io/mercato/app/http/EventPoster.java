package io.mercato.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MercatoException;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Posts NDJSON batches to a Mercato server's {@code POST /v1/events} and reads its verdict.
 *
 * <p>A 503 (shard queues full, or the engine still recovering) and a 429 are retried after the
 * server's {@code Retry-After} (seconds or an HTTP date; 1 s when absent, at most 30 s per wait),
 * until {@code maxRetryTime} has been spent waiting; then the batch fails. Nothing of a refused batch
 * was recorded, so retrying is safe; so is retrying after a timeout, since events with an
 * {@code event_id} are deduplicated. Any other non-202 answer fails at once with the server's
 * problem detail. Thread-safe.
 */
public final class EventPoster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_SINGLE_WAIT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  private final HttpClient client;
  private final URI endpoint;
  private final Duration maxRetryTime;

  /**
   * @param base         the server, e.g. {@code http://localhost:8080}
   * @param maxRetryTime total time to spend waiting on 503/429 for one batch
   */
  public EventPoster(URI base, Duration maxRetryTime) {
    this(base, null, maxRetryTime);
  }

  /**
   * @param base         the server, e.g. {@code http://localhost:8080}
   * @param source       the {@code source} the server dead-letters and accounts the events under (e.g.
   *                     {@code replay:events.csv}), or null for its default ({@code http})
   * @param maxRetryTime total time to spend waiting on 503/429 for one batch
   */
  public EventPoster(URI base, String source, Duration maxRetryTime) {
    String b = base.toString();
    String query =
        source == null ? "" : "?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8);
    this.endpoint =
        URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/events" + query);
    this.maxRetryTime = maxRetryTime;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /**
   * Posts one NDJSON batch.
   *
   * @throws MercatoException when the server refuses it, cannot be reached, or stays busy
   * @throws InterruptedException when interrupted while sending or waiting to retry
   */
  public PostResult post(byte[] ndjson) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-ndjson")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
            .build();
    long waitedMillis = 0;
    while (true) {
      HttpResponse<byte[]> response = send(request, ndjson.length);
      int status = response.statusCode();
      if (status == 202 || status == 200) {
        return parse(response.body());
      }
      if (status == 503 || status == 429) {
        Duration wait = retryAfter(response);
        if (waitedMillis + wait.toMillis() > maxRetryTime.toMillis()) {
          throw new MercatoException(
              "the server at "
                  + endpoint
                  + " stayed busy ("
                  + status
                  + ") for "
                  + Duration.ofMillis(waitedMillis).toSeconds()
                  + " s: "
                  + detail(response.body()));
        }
        Thread.sleep(wait.toMillis());
        waitedMillis += wait.toMillis();
        continue;
      }
      if (status == 413) {
        throw new MercatoException(
            "the server refused a batch of "
                + ndjson.length
                + " bytes as too large (413): use a smaller --batch, or raise server.max-body-bytes");
      }
      throw new MercatoException(
          "the server at " + endpoint + " answered " + status + ": " + detail(response.body()));
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, int bytes) throws InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new MercatoException(
          "cannot connect to "
              + endpoint
              + ": is a Mercato server running there? ("
              + (e.getMessage() == null ? "connection refused" : e.getMessage())
              + ")",
          e);
    } catch (HttpTimeoutException e) {
      throw new MercatoException(
          "no answer from "
              + endpoint
              + " within "
              + REQUEST_TIMEOUT.toSeconds()
              + " s for a batch of "
              + bytes
              + " bytes",
          e);
    } catch (IOException e) {
      throw new MercatoException("cannot post to " + endpoint + ": " + e, e);
    }
  }

  static PostResult parse(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      List<Rejection> rejected = new ArrayList<>();
      for (JsonNode r : root.path("rejected")) {
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode e : r.path("errors")) {
          errors.add(new FieldError(e.path("field").asText("event"), e.path("message").asText("")));
        }
        if (errors.isEmpty()) {
          errors.add(new FieldError("event", "rejected"));
        }
        rejected.add(
            new Rejection(
                r.path("index").asInt(), errors, "", reason(r.path("reason").asText(""))));
      }
      // A server lists at most server.max-rejections-listed rejections; the rest are only counted.
      // They are accounted for all the same, at an unknown index.
      int unlisted = root.path("rejected_count").asInt(rejected.size()) - rejected.size();
      for (int i = 0; i < unlisted; i++) {
        rejected.add(
            new Rejection(
                -1,
                List.of(
                    new FieldError(
                        "event",
                        "rejected; the server counted it without "
                            + "listing it (its rejected_summary says why)")),
                ""));
      }
      return new PostResult(
          root.path("accepted").asInt(),
          root.path("duplicates").asInt(),
          root.path("sampled").asInt(),
          rejected);
    } catch (IOException e) {
      throw new MercatoException(
          "unexpected answer from the server (not the JSON of POST /v1/events): " + e.getMessage());
    }
  }

  /** The reason of a rejected entry; {@code invalid} when the server gave none or one this client does not know. */
  static RejectReason reason(String code) {
    try {
      return code.isEmpty() ? RejectReason.INVALID : RejectReason.ofCode(code);
    } catch (IllegalArgumentException e) {
      return RejectReason.INVALID;
    }
  }

  /** The server's Retry-After, within [100 ms, 30 s]; 1 s when absent or unreadable. */
  static Duration retryAfter(HttpResponse<?> response) {
    String v = response.headers().firstValue("Retry-After").orElse(null);
    Duration d = Duration.ofSeconds(1);
    if (v != null) {
      try {
        d = Duration.ofSeconds(Long.parseLong(v.trim()));
      } catch (NumberFormatException e) {
        try {
          d =
              Duration.between(
                  ZonedDateTime.now(),
                  ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException ignored) {
          // keep the default
        }
      }
    }
    if (d.compareTo(Duration.ofMillis(100)) < 0) {
      return Duration.ofMillis(100);
    }
    return d.compareTo(MAX_SINGLE_WAIT) > 0 ? MAX_SINGLE_WAIT : d;
  }

  /** The problem+json {@code detail} (or {@code title}), else the start of the body. */
  private static String detail(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.hasNonNull("detail")) {
        return root.get("detail").asText();
      }
      if (root != null && root.hasNonNull("title")) {
        return root.get("title").asText();
      }
    } catch (IOException e) {
      // not JSON: show the text
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
