package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges one answer. The general rules, for every request:
 * <ol>
 *   <li>a whole, well-formed HTTP response came back (no dropped connection, no garbled framing);</li>
 *   <li>no 5xx (505 only for a request in an HTTP version the server does not speak);</li>
 *   <li>every 4xx is {@code application/problem+json} with {@code type}, {@code title}, {@code detail}
 *       and a {@code status} equal to the response's, and it names what is wrong: a list of
 *       {@code errors} with their {@code field}s, or a problem type that names the part of the request
 *       (malformed-body, body-too-large, method-not-allowed, not-found...), or for a generic
 *       {@code about:blank} problem a status phrase that names it (URI Too Long...) or a detail that
 *       says more than the phrase;</li>
 *   <li>a JSON answer is JSON: UTF-8, one document, no NaN or Infinity tokens;</li>
 * </ol>
 * and the request's own {@link Expectation}: an allowed status, and for a 202 of the ingest route
 * exactly the events it expects accepted (and repeats reported as duplicates).
 */
final class ResponseOracle {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Statuses whose phrase itself names the part of the request at fault (Request Timeout, Length
   * Required, Content Too Large, URI Too Long, Unsupported Media Type, Upgrade Required, Request Header
   * Fields Too Large, HTTP Version Not Supported).
   */
  private static final Set<Integer> PART_IN_PHRASE = Set.of(408, 411, 413, 414, 415, 426, 431, 505);

  private ResponseOracle() {}

  /** Every rule {@code r} breaks for {@code c}; empty when it is fine. */
  static List<String> judge(FuzzCase c, RawResponse r) {
    List<String> v = new ArrayList<>();
    if (!r.ok()) {
      v.add(
          r.failure() + (r.writeError() == null ? "" : " (while sending: " + r.writeError() + ")"));
      return v;
    }
    int s = r.status();
    Expectation e = c.expect();
    if (!e.allows(s)) {
      v.add(
          (s >= 500 ? "server error " : "status ")
              + s
              + (e.statuses().isEmpty()
                  ? " (any status below 500 is allowed)"
                  : " not among the allowed " + new TreeSet<>(e.statuses()))
              + detail(r));
    }
    boolean noBody = c.request().headRequest() || s == 204 || s == 304;
    if (noBody) {
      if (r.body().length > 0 && !c.request().headRequest()) {
        v.add(s + " with a body of " + r.body().length + " bytes");
      }
      return v;
    }
    if (s >= 400 && s < 500) {
      problem(r, v);
    } else if (r.body().length > 0) {
      content(r, v);
    }
    if (s == 202) {
      ingestCounts(c, r, v);
    }
    return v;
  }

  private static void problem(RawResponse r, List<String> v) {
    if (!"application/problem+json".equals(r.mediaType())) {
      v.add(
          r.status()
              + " is "
              + (r.mediaType() == null ? "without Content-Type" : r.mediaType())
              + ", not application/problem+json"
              + detail(r));
      return;
    }
    JsonNode p = json(r, v);
    if (p == null) {
      return;
    }
    if (!p.path("type").isTextual()
        || !p.path("title").isTextual()
        || !p.path("detail").isTextual()
        || p.path("detail").asText().isBlank()) {
      v.add("problem without type, title or detail: " + abbreviate(p.toString()));
      return;
    }
    if (p.path("status").asInt(-1) != r.status()) {
      v.add("problem status " + p.path("status") + " differs from the response's " + r.status());
    }
    if (!namesWhatIsWrong(p)) {
      v.add("problem names no field or part of the request: " + abbreviate(p.toString()));
    }
  }

  /**
   * A problem names what is wrong when it lists {@code errors} with fields, or its type names the part
   * of the request (any specific type other than invalid-request, which must list its errors), or, as
   * {@code about:blank}, its detail says more than the status phrase.
   */
  static boolean namesWhatIsWrong(JsonNode p) {
    JsonNode errors = p.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      for (JsonNode e : errors) {
        if (!e.path("field").isTextual() || e.path("field").asText().isBlank()) {
          return false;
        }
      }
      return true;
    }
    String type = p.path("type").asText();
    if (type.equals("about:blank")) {
      return PART_IN_PHRASE.contains(p.path("status").asInt())
          || !p.path("detail").asText().equalsIgnoreCase(p.path("title").asText());
    }
    return !type.endsWith("/invalid-request");
  }

  private static void content(RawResponse r, List<String> v) {
    String type = r.mediaType();
    if (type == null) {
      v.add(r.status() + " with a body of " + r.body().length + " bytes and no Content-Type");
      return;
    }
    if (type.equals("application/json") || type.endsWith("+json")) {
      json(r, v);
    } else if (type.startsWith("text/")) {
      utf8(r, v);
    }
  }

  private static void ingestCounts(FuzzCase c, RawResponse r, List<String> v) {
    if (!"application/json".equals(r.mediaType())) {
      return;
    }
    JsonNode body;
    try {
      body = STRICT.readTree(r.body());
    } catch (IOException e) {
      return; // reported by content()
    }
    if (!body.has("accepted")) {
      return; // not an ingest answer
    }
    int want = c.expect().fresh().size();
    if (body.path("accepted").asInt(-1) != want) {
      v.add(
          "accepted "
              + body.path("accepted")
              + " but "
              + want
              + " of the body's events are valid and new"
              + " (the contract refuses the others)"
              + acceptedAgainstTheContract(c.expect(), body));
    }
    if (c.expect().ingestCount() && body.path("duplicates").asInt(-1) != c.expect().duplicates()) {
      v.add(
          "duplicates "
              + body.path("duplicates")
              + " but "
              + c.expect().duplicates()
              + " of the body's events repeat "
              + "earlier ones");
    }
  }

  /**
   * The refused pieces the answer does not list as rejected, e.g. {@code "; not rejected: #3
   * lone-surrogate, #7 invalid-utf8"}; empty when the answer lists no indices.
   */
  private static String acceptedAgainstTheContract(Expectation e, JsonNode body) {
    Set<Integer> rejected = new HashSet<>();
    body.path("rejected").forEach(r -> rejected.add(r.path("index").asInt(-1)));
    StringBuilder sb = new StringBuilder();
    e.refusedPieces().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(x -> !rejected.contains(x.getKey()))
        .forEach(
            x ->
                sb.append(sb.length() == 0 ? "; not rejected: " : ", ")
                    .append('#')
                    .append(x.getKey())
                    .append(' ')
                    .append(x.getValue()));
    return sb.toString();
  }

  private static JsonNode json(RawResponse r, List<String> v) {
    if (r.body().length == 0) {
      v.add(r.status() + " " + r.mediaType() + " body is empty, not JSON");
      return null;
    }
    if (!utf8(r, v)) {
      return null;
    }
    try {
      return STRICT.readTree(r.body());
    } catch (IOException e) {
      v.add(r.status() + " " + r.mediaType() + " body is not JSON: " + message(e) + detail(r));
      return null;
    }
  }

  private static boolean utf8(RawResponse r, List<String> v) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(r.body()));
      return true;
    } catch (CharacterCodingException e) {
      v.add(r.status() + " body is not UTF-8" + detail(r));
      return false;
    }
  }

  private static String detail(RawResponse r) {
    if (r.body().length == 0) {
      return " (empty body)";
    }
    return ": " + abbreviate(new String(r.body(), StandardCharsets.UTF_8));
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** Jackson's message without the location dump. */
  private static String message(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
