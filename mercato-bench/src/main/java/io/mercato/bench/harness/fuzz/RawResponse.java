package io.mercato.bench.harness.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What came back for one {@link RawRequest}.
 *
 * @param status      the final status code (interim 1xx answers skipped), or 0 when no status line arrived
 * @param headers     header fields by lower-case name, in arrival order
 * @param body        the body as received (de-chunked); for an event stream, up to the end of its first event
 * @param failure     null when a whole, well-formed response arrived; else what went wrong on the
 *                    wire, e.g. "connection closed before any response" or "malformed response: ..."
 * @param writeError  null, or the error the client met while sending (the server may legitimately stop
 *                    reading a body it refuses; the response decides)
 * @param micros      from connecting to the end of the response (or the failure)
 */
public record RawResponse(
    int status,
    Map<String, List<String>> headers,
    byte[] body,
    String failure,
    String writeError,
    long micros) {

  /** The first value of header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The media type of Content-Type without parameters, lower case, or null. */
  public String mediaType() {
    String ct = header("Content-Type");
    if (ct == null) {
      return null;
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  public boolean ok() {
    return failure == null;
  }
}
