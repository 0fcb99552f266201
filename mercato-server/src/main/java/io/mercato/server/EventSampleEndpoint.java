package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.time.Window;
import io.mercato.engine.Engine;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/events/sample}: a uniform random sample of recent accepted events, to see what is
 * flowing in:
 * <pre>{@code {"window": "10m", "type": "click", "now": "2026-11-24T12:00:00Z",
 *  "events": [{"event_id": "e-1", "type": "click", "user_id": "u-42", "item_id": "p-7",
 *              "timestamp": "2026-11-24T11:59:30Z"}, ...]}}</pre>
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code n}: how many events at most, 1..1000, default 100.</li>
 *   <li>{@code window}: a configured window name, default {@code 10m} (which must then be
 *       configured); events of that window ending at {@code now}, the stream time; each event at its effective time.</li>
 *   <li>{@code type}: only events of this type ({@code type} is null in the answer when absent).</li>
 * </ul>
 *
 * <p>Response 200: up to {@code n} events, each the event JSON of ARCHITECTURE.md §5 (see
 * {@link EventJson}). They come from per-time-bucket reservoirs of {@code sampling.reservoir-capacity}
 * events, so fewer than {@code n} are returned when the window holds fewer, or the reservoirs keep
 * fewer, matching events; events dropped by ingestion sampling never appear.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming {@code n}, {@code window} (listing the
 * valid names) or a blank parameter; 503 while the engine is not ready.
 */
final class EventSampleEndpoint implements Handler {
  static final String DEFAULT_WINDOW = "10m";
  static final int DEFAULT_N = 100;
  static final int MAX_N = 1000;

  private final Engine engine;

  EventSampleEndpoint(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    int n = QueryParams.intInRange(ctx, "n", 1, MAX_N, DEFAULT_N);
    Window w = QueryParams.window(ctx, "window", engine.windows(), DEFAULT_WINDOW);
    String type = QueryParams.optional(ctx, "type");
    // The engine evaluates the window at its stream time; read it after, so "now" is at least that.
    List<Map<String, Object>> events =
        engine.sample(w, n, type).stream().map(EventJson::of).toList();
    Json.respond(ctx, 200, new Response(w.name(), type, Json.time(engine.streamTime()), events));
  }

  /** The 200 body. */
  record Response(String window, String type, String now, List<Map<String, Object>> events) {}
}
