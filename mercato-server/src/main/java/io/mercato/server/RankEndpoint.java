package io.mercato.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.ScoredItem;
import io.mercato.core.reco.Strategy;
import io.mercato.core.text.IdRule;
import io.mercato.core.text.Utf8Body;
import io.mercato.server.backend.RecoReads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /v1/rank}: re-ranks a caller's candidate list for a user (a search or category page).
 * Body ({@code application/json}):
 * <pre>{@code {"user_id": "u-42", "items": ["p-1", "p-2", "p-3"], "strategy": "auto", "explain": false}}</pre>
 * Answer 200: the same items, each once, best first, with scores; items the catalog marks unavailable
 * come last with {@code "available": false}:
 * <pre>{@code {"user_id": "u-42", "strategy": "auto", "used": "blend", "model_version": "live",
 *  "items": [{"item_id": "p-2", "score": 0.4, "available": true, "reasons": []}, ...]}}</pre>
 * Ties in score are ordered by popularity, then id.
 *
 * <p>Errors (problem+json): 415 unless JSON; 413 over the body limit; 400 malformed JSON, or naming
 * {@code user_id} (missing, not a string, blank, too long), {@code items} (missing, not an array,
 * empty, more than 1,000), {@code items[i]} (not a string, blank, too long, a duplicate),
 * {@code strategy} (unknown: lists the valid ones), {@code explain} (not a boolean) or an unknown
 * field; 503 while not ready.
 */
final class RankEndpoint implements Handler {
  static final int MAX_ITEMS = 1000;
  private static final Set<String> FIELDS = Set.of("user_id", "items", "strategy", "explain");

  private final RecoReads engine;
  private final int maxBodyBytes;

  RankEndpoint(RecoReads engine, int maxBodyBytes) {
    this.engine = engine;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    String contentType = ctx.header("Content-Type");
    if (contentType == null
        || !contentType
            .split(";", -1)[0]
            .trim()
            .toLowerCase(Locale.ROOT)
            .equals(EventFormats.JSON)) {
      throw new UnsupportedMediaTypeException(
          "POST /v1/rank takes "
              + EventFormats.JSON
              + (contentType == null ? "; Content-Type is missing" : ", not " + contentType),
          List.of(EventFormats.JSON));
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException(maxBodyBytes, declared);
    }
    byte[] body;
    try {
      body = BoundedBody.read(ctx.req().getInputStream(), declared, maxBodyBytes);
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
    Request req = parse(body, engine.maxIdLength());
    RecoResult r = engine.rank(req.userId, req.items, req.strategy, req.explain);
    Json.respond(
        ctx,
        200,
        new Response(
            req.userId,
            r.strategy().apiName(),
            r.used(),
            r.modelVersion(),
            r.items().stream().map(Item::of).toList()));
  }

  private record Request(String userId, List<String> items, Strategy strategy, boolean explain) {}

  /** Parses and validates the body, reporting every problem at once. */
  static Request parse(byte[] body, int maxIdLength) {
    JsonNode root;
    Utf8Body utf8 = Utf8Body.of(body, 0, body.length);
    try {
      root = Json.mapper().readTree(utf8.input());
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      MalformedInputException fault =
          l == null ? null : utf8.malformedIn(0, Math.max(0, l.getByteOffset()));
      if (fault != null) {
        throw fault;
      }
      throw new MalformedInputException(
          "malformed JSON: " + e.getOriginalMessage(),
          l == null ? -1 : l.getLineNr(),
          l == null ? -1 : l.getColumnNr(),
          l == null ? -1 : l.getByteOffset());
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
    utf8.requireWellFormed(Json.mapper().getFactory(), "body");
    if (root == null || root.isMissingNode()) {
      throw new ValidationException("body", "must be a JSON object but was empty");
    }
    if (!root.isObject()) {
      throw new ValidationException("body", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        errors.add(
            new FieldError(
                f, "is not a field of a rank request (user_id, items, strategy, explain)"));
      }
    }
    String user = id(root.get("user_id"), "user_id", maxIdLength, errors);
    List<String> items = new ArrayList<>();
    JsonNode arr = root.get("items");
    if (arr == null || arr.isNull()) {
      errors.add(new FieldError("items", "is required: the item ids to rank"));
    } else if (!arr.isArray()) {
      errors.add(new FieldError("items", "must be an array of item ids"));
    } else if (arr.isEmpty() || arr.size() > MAX_ITEMS) {
      errors.add(
          new FieldError(
              "items", "must hold 1.." + MAX_ITEMS + " item ids but holds " + arr.size()));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < arr.size(); i++) {
        String id = id(arr.get(i), "items[" + i + "]", maxIdLength, errors);
        if (id != null && !seen.add(id)) {
          errors.add(
              new FieldError("items[" + i + "]", "duplicates \"" + id + "\"; list each item once"));
        }
        items.add(id);
      }
    }
    Strategy strategy = Strategy.AUTO;
    JsonNode s = root.get("strategy");
    if (s != null && !s.isNull()) {
      if (!s.isTextual()) {
        errors.add(
            new FieldError(
                "strategy", "must be a string, one of " + String.join(", ", Strategy.apiNames())));
      } else {
        try {
          strategy = RecoParams.strategy("strategy", s.asText());
        } catch (ValidationException e) {
          errors.addAll(e.errors());
        }
      }
    }
    boolean explain = false;
    JsonNode x = root.get("explain");
    if (x != null && !x.isNull()) {
      if (!x.isBoolean()) {
        errors.add(new FieldError("explain", "must be true or false"));
      } else {
        explain = x.booleanValue();
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Request(user, items, strategy, explain);
  }

  private static String id(JsonNode n, String field, int maxLength, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    String v = n.textValue();
    String violation = new IdRule(maxLength).violation(v); // the one id rule of the events
    if (violation != null) {
      errors.add(new FieldError(field, violation));
      return null;
    }
    return v;
  }

  record Response(
      String user_id, String strategy, String used, String model_version, List<Item> items) {}

  record Item(String item_id, double score, boolean available, List<String> reasons) {
    static Item of(ScoredItem s) {
      return new Item(s.itemId(), s.score(), s.available(), s.reasons());
    }
  }
}
