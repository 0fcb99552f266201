package io.mercato.server;

import io.javalin.http.Context;

/**
 * Headers set on every response (API, console page, its assets): the console loads nothing but its
 * own origin's files, cannot be framed (clickjacking of its controls), and no response is
 * content-sniffed into something it is not.
 *
 * <p>The policy has no {@code 'unsafe-inline'}: the page has no inline script or style, and its
 * charts draw tooltips on their canvas ({@code renderMode: 'richText'}) rather than as styled HTML.
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** A before-handler: sets the headers, which a handler may still override. */
  static void set(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }
}
