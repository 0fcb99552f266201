package io.mercato.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail before it is written: the members except {@code instance} (the request
 * path, known only when answering), extension members, and response headers that belong with it
 * ({@code Retry-After}, {@code Allow}...).
 *
 * @param status     HTTP status, 400..599
 * @param type       URI naming the kind of problem, e.g. {@code https://mercato.dev/problems/malformed-body}
 *                   (stable: clients may switch on it), or {@code about:blank}
 * @param title      short summary of the kind of problem; the same for every occurrence of {@code type}
 * @param detail     what went wrong with this request, fit to show a client; never internals
 * @param extensions extra members (e.g. {@code errors}, {@code line}); insertion order is kept
 * @param headers    response headers to send with the problem
 */
record Problem(
    int status,
    String type,
    String title,
    String detail,
    Map<String, Object> extensions,
    Map<String, String> headers) {

  Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem status must be 400..599 but was " + status);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    extensions = Map.copyOf(extensions); // re-ordered below, in body()
    headers = Map.copyOf(headers);
  }

  Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of(), Map.of());
  }

  /** A copy with one more extension member. */
  Problem with(String member, Object value) {
    Map<String, Object> ext = new LinkedHashMap<>(extensions);
    ext.put(member, value);
    return new Problem(status, type, title, detail, ext, headers);
  }

  /** A copy with one more response header. */
  Problem withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Problem(status, type, title, detail, extensions, h);
  }

  /**
   * The JSON members in the order RFC 9457 lists them, then the extensions sorted by name (so the
   * output is stable).
   *
   * @param instance the request path, or null when unknown (then the member is omitted)
   */
  Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    extensions.keySet().stream().sorted().forEach(k -> body.put(k, extensions.get(k)));
    return body;
  }
}
