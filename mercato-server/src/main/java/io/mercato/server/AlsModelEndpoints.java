package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.engine.AlsStatus;
import io.mercato.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The iALS admin endpoints.
 * <ul>
 *   <li>{@code GET /v1/admin/models/als}: where training stands (200).</li>
 *   <li>{@code POST /v1/admin/models/als/train[?wait=true]}: trains from the events retained in the
 *       journal in the background, joining a run already in progress; answers 202 with the status and
 *       {@code Location: /v1/admin/models/als} at once, or with {@code wait=true} 200 once the new model
 *       serves. A failed run (e.g. no interactions yet) answers 409 {@code training-failed} when waited
 *       for, and shows in {@code last_error} otherwise.</li>
 * </ul>
 */
final class AlsModelEndpoints {
  private AlsModelEndpoints() {}

  static Handler status(Engine engine) {
    return ctx -> Json.respond(ctx, 200, View.of(engine.alsStatus()));
  }

  static Handler train(Engine engine) {
    return (Context ctx) -> {
      boolean wait = RecoParams.bool(ctx, "wait", false);
      CompletableFuture<AlsStatus> run = engine.trainAls();
      if (!wait) {
        ctx.header("Location", "/v1/admin/models/als");
        Json.respond(ctx, 202, View.of(engine.alsStatus()));
        return;
      }
      try {
        Json.respond(ctx, 200, View.of(run.join()));
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new TrainingFailedException(
            cause.getMessage() == null ? cause.toString() : cause.getMessage());
      }
    };
  }

  /** The JSON form of {@link AlsStatus}. */
  record View(
      boolean training,
      String model_version,
      String trained_at,
      long training_millis,
      int users,
      int items,
      long interactions,
      String last_error) {
    static View of(AlsStatus s) {
      return new View(
          s.training(),
          s.modelVersion(),
          s.trainedAtMillis() == 0 ? null : Json.time(s.trainedAtMillis()),
          s.trainingMillis(),
          s.users(),
          s.items(),
          s.interactions(),
          s.lastError());
    }
  }

  /** A training run that was waited for and failed; answered 409 {@code training-failed}. */
  static final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainingFailedException(String why) {
      super("iALS training failed: " + why);
    }
  }
}
