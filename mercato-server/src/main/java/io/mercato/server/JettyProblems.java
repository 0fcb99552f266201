package io.mercato.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a {@link Problem} from a Jetty handler that runs before Javalin's router ({@link MethodGuard},
 * {@link BodyReadHandler}): the same problem+json document {@link Problems#write} sends from a route,
 * with the problem's headers.
 */
final class JettyProblems {
  private JettyProblems() {}

  /**
   * Answers with {@code p} and completes {@code callback} when it is written.
   *
   * @param instance the request path, or null to leave {@code instance} out
   * @param close    true to close the connection after the answer (the request body was not read)
   */
  static void send(
      Response response, Callback callback, Problem p, String instance, boolean close) {
    response.setStatus(p.status());
    p.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
    if (close) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(Json.bytes(p.body(instance))), callback);
  }
}
