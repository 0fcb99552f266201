package io.mercato.server;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One route of the public HTTP API: the data that is both registered with the web server and
 * documented in {@code openapi.json} (a test keeps the two in step).
 *
 * @param method  HTTP method in upper case ({@code GET}, {@code POST}, ...)
 * @param path    path template as OpenAPI writes it, e.g. {@code /v1/events} or
 *                {@code /v1/users/{id}/profile}; also the route tag of the request metrics
 * @param summary one line saying what the route does (the OpenAPI {@code summary})
 */
public record ApiRoute(String method, String path, String summary) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PARAMETER = Pattern.compile("\\{[^/{}]+}");

  public ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(summary, "summary");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be one of " + METHODS + " but was " + method);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' but was " + path);
    }
    if (summary.isBlank()) {
      throw new IllegalArgumentException(
          "summary of " + method + " " + path + " must not be blank");
    }
  }

  /**
   * True when a request path (as received, without query) is one this route's template serves: a
   * template segment such as {@code {id}} matches any one non-empty segment, a trailing {@code /} is
   * ignored. Used to answer 405 with the right {@code Allow} header, not on the request path.
   */
  public boolean matches(String requestPath) {
    String p =
        requestPath.length() > 1 && requestPath.endsWith("/")
            ? requestPath.substring(0, requestPath.length() - 1)
            : requestPath;
    String[] literals = PARAMETER.split(path, -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append("[^/]+");
      }
      regex.append(Pattern.quote(literals[i]));
    }
    return p.matches(regex.toString());
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
