package io.mercato.server;

import io.javalin.http.Context;
import io.mercato.core.error.ValidationException;
import io.mercato.core.text.Utf8Faults;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, before any handler runs, a request whose path or query string holds a percent-escape that
 * does not decode: a {@code %} not followed by two hex digits ({@code %ZZ}, {@code %u0041}, a trailing
 * {@code %}), or escapes whose bytes are not well-formed UTF-8 ({@code %C0%AF}, {@code %ED%A0%80}).
 * The answer is 400 {@code invalid-request} naming the query parameter, or the path parameter by its
 * name in the route ({@code id}); {@code query} or {@code path} when no name applies.
 *
 * <p>Why here, once: Javalin 7 decodes each query pair with {@link URLDecoder} inside
 * {@code runCatching}, so a malformed escape silently drops the parameter ({@code ?window=%ZZ}
 * answered every window), and it decodes path parameters with the same decoder without catching, so
 * {@code /v1/items/%u0041} was a 500; both replace malformed UTF-8 by U+FFFD. Checking the raw path and
 * query before routing gives every route the same strict decoding.
 */
final class PercentEncoding {
  private PercentEncoding() {}

  /** The before-handler: checks the raw (undecoded) path and query of the request. */
  static void check(Context ctx) {
    check(ctx.req().getRequestURI(), ctx.req().getQueryString());
  }

  /**
   * @param rawPath  the request path as sent, or null
   * @param rawQuery the query string as sent (without {@code ?}), or null
   * @throws ValidationException naming the parameter whose escapes do not decode
   */
  static void check(String rawPath, String rawQuery) {
    if (rawPath != null && rawPath.indexOf('%') >= 0) {
      String[] segments = rawPath.split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        String problem = problem(segments[i]);
        if (problem != null) {
          throw new ValidationException(pathParameter(rawPath, i), "the path segment " + problem);
        }
      }
    }
    if (rawQuery != null && rawQuery.indexOf('%') >= 0) {
      for (String pair : rawQuery.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String nameProblem = problem(name);
        if (nameProblem != null) {
          throw new ValidationException("query", "a parameter name " + nameProblem);
        }
        String valueProblem = eq < 0 ? null : problem(pair.substring(eq + 1));
        if (valueProblem != null) {
          throw new ValidationException(
              URLDecoder.decode(name, StandardCharsets.UTF_8), valueProblem);
        }
      }
    }
  }

  /** What is wrong with the escapes of one raw path segment or query component, or null. */
  static String problem(String raw) {
    if (raw.indexOf('%') < 0) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= raw.length()
          || Character.digit(raw.charAt(i + 1), 16) < 0
          || Character.digit(raw.charAt(i + 2), 16) < 0) {
        // %uXXXX (a non-standard UTF-16 escape) is shown whole
        int shown =
            i + 1 < raw.length() && (raw.charAt(i + 1) == 'u' || raw.charAt(i + 1) == 'U') ? 6 : 3;
        String escape = raw.substring(i, Math.min(raw.length(), i + shown));
        return "has a malformed percent-escape \""
            + printable(escape)
            + "\" at position "
            + i
            + " (an escape is % and two hex digits; send a literal % as %25)";
      }
      bytes.write(
          Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
      i += 2;
    }
    byte[] b = bytes.toByteArray();
    Utf8Faults faults = Utf8Faults.scan(b);
    return faults == null
        ? null
        : "has percent-escapes that are not well-formed UTF-8: "
            + faults.describe(b, 0, 0)
            + " of the decoded bytes";
  }

  /** The name of the route parameter at path segment {@code index}, else {@code path}. */
  private static String pathParameter(String rawPath, int index) {
    for (ApiRoute r : Routes.ALL) {
      if (r.matches(rawPath)) {
        String[] template = r.path().split("/", -1);
        if (index < template.length
            && template[index].startsWith("{")
            && template[index].endsWith("}")) {
          return template[index].substring(1, template[index].length() - 1);
        }
      }
    }
    return "path";
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
