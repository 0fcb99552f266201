package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the hand-written OpenAPI 3.1 document of this API, served as stored in
 * the {@value #RESOURCE} resource. {@code RoutesOpenApiTest} keeps it in step with {@link Routes}.
 */
final class OpenApiEndpoint implements Handler {
  static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  private OpenApiEndpoint(byte[] document) {
    this.document = document;
  }

  /** Loads the document once, at startup, so a packaging mistake fails the start, not a request. */
  static OpenApiEndpoint fromClasspath() {
    return new OpenApiEndpoint(load());
  }

  /** The raw document. */
  static byte[] load() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  @Override
  public void handle(Context ctx) {
    ctx.status(200).contentType(Json.MEDIA_TYPE).result(document);
  }
}
