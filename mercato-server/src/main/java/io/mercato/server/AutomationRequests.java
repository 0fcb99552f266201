package io.mercato.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mercato.core.ads.AdsJson;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.error.ValidationException;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the automation endpoints read from a request beyond their own members: the actor
 * ({@code X-Actor}), JSON bodies (optional ones too), ids in the path and the cursor parameters. Every
 * fault is a {@link ValidationException} naming the header, parameter or member.
 */
final class AutomationRequests {
  /** The header naming the person behind a write (until API keys exist). */
  static final String ACTOR_HEADER = "X-Actor";

  static final int MAX_ACTOR_LENGTH = 128;
  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhd])");

  private AutomationRequests() {}

  /** The backend's automation, or a 501 where the runtime has none. */
  static Automation automation(Backend backend, Context ctx) {
    return backend
        .automation()
        .orElseThrow(
            () -> new NotInThisModeException(ctx.method().name(), ctx.path(), backend.mode()));
  }

  /**
   * The actor of a write: the person named by {@code X-Actor} (trimmed; at most 128 characters, no
   * control characters), or {@link Actor#api()} without the header.
   */
  static Actor actor(Context ctx) {
    String name = ctx.header(ACTOR_HEADER);
    if (name == null) {
      return Actor.api();
    }
    name = name.trim();
    if (name.isEmpty()) {
      throw new ValidationException(
          ACTOR_HEADER, "must not be blank; leave the header out to act as \"api\"");
    }
    if (name.length() > MAX_ACTOR_LENGTH) {
      throw new ValidationException(
          ACTOR_HEADER,
          "must be at most " + MAX_ACTOR_LENGTH + " characters but has " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new ValidationException(ACTOR_HEADER, "must not contain control characters");
      }
    }
    return Actor.person(name);
  }

  /** The JSON object body (Content-Type application/json), within the size limit. */
  static ObjectNode body(Context ctx, Backend backend, int maxBodyBytes) {
    EventFormats.requireJson(ctx.header("Content-Type"));
    return AdsJson.parseObject(RequestBodies.read(ctx, backend, maxBodyBytes));
  }

  /** As {@link #body}, but an absent or empty body is {@code {}} (undo, reject: the reason is optional). */
  static ObjectNode optionalBody(Context ctx, Backend backend, int maxBodyBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared == 0 || declared < 0 && ctx.header("Transfer-Encoding") == null) {
      return JsonNodeFactory.instance.objectNode(); // no body at all
    }
    EventFormats.requireJson(ctx.header("Content-Type"));
    byte[] bytes = RequestBodies.read(ctx, backend, maxBodyBytes);
    return bytes.length == 0 ? JsonNodeFactory.instance.objectNode() : AdsJson.parseObject(bytes);
  }

  /**
   * The optional {@code reason} member of {@code body} (at most 2,000 characters); every other member
   * is refused.
   */
  static String reason(ObjectNode body) {
    var names = body.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!n.equals("reason")) {
        throw new ValidationException(n, "is not a member of this request; only \"reason\" is");
      }
    }
    if (!body.has("reason") || body.get("reason").isNull()) {
      return null;
    }
    if (!body.get("reason").isTextual()) {
      throw new ValidationException("reason", "must be a string");
    }
    String r = body.get("reason").asText();
    if (r.length() > 2000) {
      throw new ValidationException(
          "reason", "must be at most 2000 characters but has " + r.length());
    }
    return r;
  }

  /** A positive long path parameter (an audit entry's or approval's id). */
  static long idParam(Context ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      long id = Long.parseLong(v);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ValidationException(name, "must be a positive integer but was \"" + v + "\"");
  }

  /** An optional positive long query parameter ({@code cursor}), or null. */
  static Long cursor(Context ctx, String name) {
    String v = QueryParams.optional(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      long c = Long.parseLong(v.trim());
      if (c > 0) {
        return c;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ValidationException(
        name,
        "must be a positive integer (a next_cursor of an earlier page) but was \"" + v + "\"");
  }

  /**
   * An optional instant: ISO-8601 ({@code 2026-12-01T00:00:00Z}), or a duration back from
   * {@code now} ({@code 30m}, {@code 24h}, {@code 7d}), so links work on any date.
   */
  static Instant since(Context ctx, String name, Instant now) {
    String v = QueryParams.optional(ctx, name);
    if (v == null) {
      return null;
    }
    String t = v.trim();
    Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          name,
          "must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a duration back "
              + "from now (30m, 24h, 7d) but was \""
              + v
              + "\"");
    }
  }
}
