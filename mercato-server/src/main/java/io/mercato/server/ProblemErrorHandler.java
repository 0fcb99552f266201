package io.mercato.server;

import io.mercato.core.error.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler, for the few errors Jetty answers before a request reaches the router: a
 * request line or headers it cannot parse (400), headers too large (431), a URI too long (414).
 * Without it those would be HTML pages; with it every error the server sends is problem+json.
 * Jetty's reason (e.g. "Request Header Fields Too Large") is about the client's request, so it is
 * passed on as the detail; exceptions are never shown.
 */
final class ProblemErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    // Jetty's message for a 4xx describes the request (e.g. "Invalid URI"); for a 5xx it may
    // describe
    // internals, so it is dropped. No instance: for a request Jetty could not parse, the path it
    // reports is a placeholder, not what the client sent.
    Problem p = code == 400 ? badEscape(request, cause) : null;
    if (p == null) {
      p = problem(code, code < 500 ? reason(code, message, cause) : null);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(Json.bytes(p.body(null))), callback);
  }

  /**
   * A request target that does not decode, as {@link PercentEncoding} answers it: Jetty lets through
   * escapes that decode to bad UTF-8 (the router's check names the parameter then), but refuses a
   * {@code %} without two hex digits in the path itself while parsing the request line, keeping no
   * raw URI; that refusal is named {@code path}. Null for any other 400.
   */
  private static Problem badEscape(Request request, Throwable cause) {
    try {
      HttpURI uri = request.getHttpURI();
      if (uri != null) {
        PercentEncoding.check(uri.getPath(), uri.getQuery());
      }
    } catch (ValidationException e) {
      return Problems.of(e, request.getMethod(), "");
    } catch (RuntimeException e) {
      // not decodable at all: judged by the cause below
    }
    if (!fromUriParsing(cause)) {
      return null;
    }
    return Problems.of(
        new ValidationException(
            "path",
            "has a malformed percent-escape (an escape is % and two hex "
                + "digits; send a literal % as %25)"),
        request.getMethod(),
        "");
  }

  /**
   * Jetty's reason, made specific where Jetty gives only the status phrase: a Content-Length too large
   * for a long fails with an arithmetic overflow and the bare "Bad Request" (a non-numeric one gets
   * Jetty's own "Invalid Content-Length Value"); any other bare 400 is a request line or header Jetty
   * could not parse, which is said rather than the phrase alone.
   */
  static String reason(int code, String message, Throwable cause) {
    if (code != 400) {
      return message;
    }
    if (thrownIn(cause, "org.eclipse.jetty.http.HttpParser", "convertContentLength")) {
      return "Invalid Content-Length Value: it must be a non-negative decimal number of bytes below 2^63";
    }
    if (message == null || message.isBlank() || message.equalsIgnoreCase("Bad Request")) {
      return "the request line or a header could not be parsed as HTTP/1.1";
    }
    return message;
  }

  /** True when {@code t} or one of its causes was thrown from {@code cls.method}. */
  private static boolean thrownIn(Throwable t, String cls, String method) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (StackTraceElement f : c.getStackTrace()) {
        if (f.getClassName().equals(cls) && f.getMethodName().equals(method)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when {@code t} (or a cause) was thrown while Jetty parsed or decoded the request URI. */
  private static boolean fromUriParsing(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (StackTraceElement f : c.getStackTrace()) {
        String cls = f.getClassName();
        if (cls.startsWith("org.eclipse.jetty.http.HttpURI")
            || cls.equals("org.eclipse.jetty.util.URIUtil")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Problem problem(int status, String reason) {
    Problem p = Problems.fromFramework(status, "", "");
    if (status == 404 || status == 405) {
      // Without the method and path the router's wording would be misleading; keep it generic.
      p = new Problem(p.status(), p.type(), p.title(), p.title());
    }
    if (reason != null && !reason.isBlank() && p.status() < 500) {
      p = new Problem(p.status(), p.type(), p.title(), reason, p.extensions(), p.headers());
    }
    return p;
  }

  /**
   * Every method gets the problem document: Jetty writes error bodies for GET, POST and HEAD only, so a
   * PUT, DELETE or PATCH refused here got an empty 400 or 431 that named nothing.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }
}
