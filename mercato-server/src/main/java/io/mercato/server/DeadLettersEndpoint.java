package io.mercato.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.engine.Engine;
import io.mercato.engine.deadletter.DeadLetterLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/dead-letters}: the newest dead letters this node kept (embedded mode: its
 * dead-letter log), newest first, each as written ({@code rejected_at}, {@code source},
 * {@code reason}, {@code errors}, {@code raw}):
 * <pre>{@code {"dead_letters": [{"rejected_at": "...", "source": "http", "reason": "invalid", ...}],
 *  "records": 12, "bytes": 3456}}</pre>
 *
 * <p>Query parameters, all optional: {@code limit} 1..200 (default 20); {@code reason} keeps the
 * dead letters of one reason code ({@code invalid}, {@code too_late}), looked for among the newest
 * {@value #SCAN} lines. {@code records} and {@code bytes} count what the log holds in total.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming {@code limit} or a blank parameter.
 * Cluster mode answers 501: its dead letters are on the dead-letter topic.
 */
final class DeadLettersEndpoint implements Handler {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 200;

  /** Lines read to find {@code limit} dead letters of one reason. */
  static final int SCAN = 2_000;

  private final DeadLetterLog log;

  DeadLettersEndpoint(Engine engine) {
    this.log = engine.deadLetters();
  }

  @Override
  public void handle(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    String reason = QueryParams.optional(ctx, "reason");
    List<JsonNode> out = new ArrayList<>();
    for (String line : log.recent(reason == null ? limit : SCAN)) {
      JsonNode node;
      try {
        node = Json.mapper().readTree(line);
      } catch (IOException e) {
        continue; // a line cut by a crash mid-write: not a dead letter
      }
      if (reason == null || reason.equals(node.path("reason").asText())) {
        out.add(node);
        if (out.size() == limit) {
          break;
        }
      }
    }
    Json.respond(ctx, 200, new Response(out, log.records(), log.bytes()));
  }

  /** The 200 body. */
  record Response(List<JsonNode> deadLetters, long records, long bytes) {}
}
