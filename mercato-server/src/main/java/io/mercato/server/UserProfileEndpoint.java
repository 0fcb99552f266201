package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.profile.ProfileView;
import io.mercato.server.backend.StateReads;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/users/{id}/profile}: the user's live profile, updated on every event and evaluated
 * at {@code now} (the stream time, the newest effective event time):
 * <pre>{@code
 * {"user_id": "u-42", "now": "...", "first_seen": "...", "last_seen": "...",
 *  "recent_items": [{"item_id": "p-7", "last_seen": "..."}],           // most recent first, ≤ 50
 *  "affinity": {"sports": 3.2}, "affinity_share": {"sports": 0.8},       // decayed, half-life 1 day
 *  "counts": {"10m": {"click": 3}}, "purchases": 1, "total_order_value": 19.99,
 *  "average_order_value": 19.99, "session": {"start": "...", "last_event": "...", "events": 4, "items": [...]}}
 * }</pre>
 * Read-your-writes: the read runs on the user's shard after every event acknowledged before it.
 *
 * <p>Errors (problem+json): 404 {@code not-found} for a user with no event; 503 while not ready.
 */
final class UserProfileEndpoint implements Handler {
  private final StateReads reads;

  UserProfileEndpoint(StateReads reads) {
    this.reads = reads;
  }

  @Override
  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    ProfileView v = reads.profile(id).orElseThrow(() -> new StatsNotFoundException("user", id));
    Json.respond(
        ctx,
        200,
        new Body(
            id,
            iso(v.nowMillis()),
            iso(v.firstSeenMillis()),
            iso(v.lastSeenMillis()),
            v.recentItems().stream()
                .map(r -> new Item(r.itemId(), iso(r.lastSeenMillis())))
                .toList(),
            v.affinity(),
            v.affinityShare(),
            v.counts(),
            v.purchases(),
            v.totalOrderValue(),
            v.averageOrderValue(),
            v.session() == null
                ? null
                : new SessionBody(
                    iso(v.session().startMillis()),
                    iso(v.session().lastEventMillis()),
                    v.session().events(),
                    v.session().items())));
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  /** The response body. */
  record Body(
      String userId,
      String now,
      String firstSeen,
      String lastSeen,
      List<Item> recentItems,
      Map<String, Double> affinity,
      Map<String, Double> affinityShare,
      Map<String, Map<String, Long>> counts,
      long purchases,
      double totalOrderValue,
      Double averageOrderValue,
      SessionBody session) {}

  /** One recent item. */
  record Item(String itemId, String lastSeen) {}

  /** The current session. */
  record SessionBody(String start, String lastEvent, int events, List<String> items) {}
}
