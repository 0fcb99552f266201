package io.mercato.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers requests whose method is not a standard HTTP method in its registered (upper-case) form
 * before they reach Javalin: {@code get}, {@code Post}, {@code M-SEARCH} or {@code GET2} made its
 * router throw (an empty 500), and every new upper-case name grew its method table for good.
 *
 * <p>The answer is 405 {@code method-not-allowed} with the {@code Allow} header when the path is a
 * route (methods are case-sensitive, RFC 9110 §9.1, so {@code get} is not {@code GET}; the detail
 * says so), else 404 {@code not-found}; either way problem+json, as from the router.
 */
final class MethodGuard extends Handler.Wrapper {
  /** The methods passed on: those of the route table plus what Jetty and Javalin answer themselves. */
  static final Set<String> PASSED =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  private static final int MAX_ECHOED = 32;

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    if (PASSED.contains(method)) {
      return super.handle(request, response, callback);
    }
    String path = Request.getPathInContext(request);
    JettyProblems.send(response, callback, problem(method, path), path, false);
    return true;
  }

  /** The answer to {@code method path} for a method that is not passed on. */
  static Problem problem(String method, String path) {
    String shown = method.length() <= MAX_ECHOED ? method : method.substring(0, MAX_ECHOED) + "...";
    Problem p = Problems.fromFramework(405, shown, path);
    if (!p.extensions().containsKey("allowed")
        || ((List<?>) p.extensions().get("allowed")).isEmpty()) {
      return Problems.fromFramework(404, shown, path);
    }
    String upper = method.toUpperCase(Locale.ROOT);
    if (!upper.equals(method) && PASSED.contains(upper)) {
      p =
          new Problem(
              p.status(),
              p.type(),
              p.title(),
              p.detail() + " (method names are case-sensitive: " + shown + " is not " + upper + ")",
              p.extensions(),
              p.headers());
    }
    return p;
  }
}
