package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.SegmentInput;
import io.mercato.server.backend.Backend;
import java.util.List;

/**
 * {@code GET /v1/users/{id}/segments}: the campaigns whose segment the user is in now, in id order:
 * <pre>{@code
 * {"user_id": "u-42", "now": "2026-11-24T12:00:00Z",
 *  "campaigns": [{"id": "spring-sale", "name": "Spring sale", "status": "active",
 *                 "segment": "profile.affinity[\"sports\"] > 0.3"}]}
 * }</pre>
 * Every campaign with a segment is evaluated, whatever its status; campaigns without one target
 * everyone and are not listed. Read-your-writes: the profile is read on the user's shard after every
 * event acknowledged before the request, and the campaigns are those of every write that returned. A
 * user without events is evaluated with an empty profile (no 404): segments may well include them.
 *
 * <p>Errors (problem+json): 503 while the engine is not ready.
 */
final class UserSegmentsEndpoint implements Handler {
  private final Backend backend;

  UserSegmentsEndpoint(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    SegmentInput input = backend.reads().segmentInput(id);
    List<Entry> campaigns = backend.campaigns().segmentsOf(input).stream().map(Entry::of).toList();
    Json.respond(ctx, 200, new Body(id, Json.time(input.profile().nowMillis()), campaigns));
  }

  /** The response body. */
  record Body(String userId, String now, List<Entry> campaigns) {}

  /** One campaign the user is in. */
  record Entry(String id, String name, String status, String segment) {
    static Entry of(Campaign c) {
      return new Entry(c.id(), c.name(), c.status().wireName(), c.segment());
    }
  }
}
