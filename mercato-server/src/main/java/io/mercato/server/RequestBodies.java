package io.mercato.server;

import io.javalin.http.Context;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineStatus;
import io.mercato.server.backend.Backend;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** Reading a write request's body within the size limit, after the cheap refusals. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * Refuses a body that declares more than {@code maxBodyBytes} (413) and any write while the engine
   * is not ready (503), before a byte is read; then reads the body, counting a chunked one as it
   * streams in.
   *
   * @throws BodyTooLargeException      when the body is, or declares to be, too large
   * @throws EngineUnavailableException when the engine is not ready
   * @throws UnreadableBodyException    when the body ends early
   */
  static byte[] read(Context ctx, Engine engine, int maxBodyBytes) {
    return read(
        ctx,
        () -> {
          EngineStatus status = engine.status();
          return status.ready()
              ? Optional.empty()
              : Optional.of(EngineNotReadyException.describe(status));
        },
        maxBodyBytes);
  }

  /** {@link #read(Context, Engine, int)} for a backend: refused while {@link Backend#writeRefusal()} says so. */
  static byte[] read(Context ctx, Backend backend, int maxBodyBytes) {
    return read(ctx, backend::writeRefusal, maxBodyBytes);
  }

  private static byte[] read(Context ctx, Supplier<Optional<String>> refusal, int maxBodyBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException(maxBodyBytes, declared);
    }
    refusal
        .get()
        .ifPresent(
            reason -> {
              throw new EngineUnavailableException(reason);
            });
    try {
      return BoundedBody.read(ctx.req().getInputStream(), declared, maxBodyBytes);
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
  }
}
