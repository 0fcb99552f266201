package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.bench.harness.fuzz.HostileLine.Scope;
import io.mercato.bench.harness.fuzz.RawJson.Member;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns a valid event (a draft of {@link ValidEvents}, with a fresh id) into one that the documented
 * contract refuses, in exactly one known way, so that if the server accepts it anyway a count moves
 * and the state check notices. Each mutation names its {@link Scope}. Not thread-safe.
 */
final class EventMutations {
  private static final List<String> ID_FIELDS =
      List.of("event_id", "user_id", "item_id", "ad_id", "campaign_id", "category");
  private static final List<String> BAD_TYPES =
      List.of(
          "Click", "view!", "", "a".repeat(65), "vi ew", "view\u0000", "VIEW", "\ud800", "view\n");
  private static final List<String> REQUIRED = List.of("type", "user_id", "timestamp");
  private static final List<String> UNKNOWN_FIELDS =
      List.of(
          "userId",
          "Type",
          "event_id ",
          "",
          "\u0000",
          "timestamp\u0000",
          "ts",
          "attributes.placement");

  /** Value tokens that overflow a double: {@code value} must be finite. (1e-400 underflows to 0: valid, not here.) */
  private static final List<String> OVERFLOWING = List.of("1e400", "-1e400", "1E+2147483648");

  private final RandomGenerator random;
  private final InstantSource clock;

  EventMutations(RandomGenerator random, InstantSource clock) {
    this.random = random;
    this.clock = clock;
  }

  /** A refused form of {@code draft}, of any scope. */
  HostileLine any(ObjectNode draft) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> eventScope(draft);
      case 5, 6 -> syntax(draft);
      case 7, 8 -> encoding(draft);
      default -> notObject(draft);
    };
  }

  /** A refused form that is still well-formed JSON ({@link Scope#EVENT}). */
  HostileLine eventScope(ObjectNode draft) {
    List<Member> m = RawJson.members(draft);
    return switch (random.nextInt(12)) {
      case 0 -> {
        String f = HostileText.pick(random, REQUIRED);
        remove(m, f);
        yield line(m, "missing-" + f);
      }
      case 1 ->
          line(replace(m, "type", RawJson.encode(HostileText.pick(random, BAD_TYPES))), "bad-type");
      case 2, 3 -> {
        String text = HostileText.pick(random, HostileText.INVALID_IDS);
        yield line(
            replace(m, HostileText.pick(random, ID_FIELDS), RawJson.encode(text)), idKind(text));
      }
      case 4 -> wrongType(m);
      case 5 ->
          random.nextBoolean()
              ? line(
                  replace(m, "value", RawJson.encode(Double.toString(random.nextDouble(1, 100)))),
                  "number-as-string")
              : line(
                  replace(m, "timestamp", RawJson.encode(Long.toString(clock.millis()))),
                  "number-as-string");
      case 6 ->
          random.nextBoolean()
              ? line(
                  replace(m, "value", RawJson.ascii(HostileText.pick(random, OVERFLOWING))),
                  "non-finite")
              : line(
                  replace(
                      m,
                      "timestamp",
                      RawJson.ascii(HostileText.pick(random, HostileText.FAR_EPOCH_TOKENS))),
                  "far-timestamp");
      case 7 -> line(replace(m, "timestamp", RawJson.encode(farTimestamp())), "far-timestamp");
      case 8 -> line(replace(m, "attributes", badAttributes()), "bad-attributes");
      case 9 -> {
        m.add(
            random.nextInt(m.size() + 1),
            Member.of(HostileText.pick(random, UNKNOWN_FIELDS), RawJson.encode("x")));
        yield line(m, "unknown-field");
      }
      case 10 -> {
        // a member given twice: the same value, or for type another valid one
        Member again = m.get(random.nextInt(m.size()));
        boolean type = Arrays.equals(again.name(), RawJson.encode("type"));
        m.add(new Member(again.name(), type ? RawJson.encode("click") : again.value()));
        yield line(m, "duplicate-key");
      }
      default -> {
        ObjectNode attributes = draft.objectNode();
        attributes.put("k", random.nextBoolean() ? "\ud800" : "x\udc00y");
        yield line(replace(m, "attributes", RawJson.encode(attributes)), "lone-surrogate");
      }
    };
  }

  /** Not JSON ({@link Scope#SYNTAX}). */
  HostileLine syntax(ObjectNode draft) {
    byte[] valid = RawJson.object(RawJson.members(draft));
    String text = new String(valid, StandardCharsets.UTF_8);
    return switch (random.nextInt(10)) {
      case 0, 1 ->
          new HostileLine(
              Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)),
              Scope.SYNTAX,
              "truncated");
      case 2 -> syntaxLine(text.substring(0, text.length() - 1) + ",}", "trailing-comma");
      case 3 -> syntaxLine(text.replaceFirst(",\"", " \""), "missing-comma");
      case 4 -> syntaxLine(text.replace("\"type\"", "'type'"), "single-quotes");
      case 5 -> syntaxLine("{/* c */" + text.substring(1), "comment");
      case 6 -> syntaxLine(text + text, "two-objects");
      case 7 ->
          new HostileLine(
              RawJson.insert(valid, text.indexOf("\"user_id\":\"") + 11, new byte[] {1}),
              Scope.SYNTAX,
              "raw-control");
      case 8 -> {
        List<Member> m = RawJson.members(draft);
        String token =
            HostileText.BAD_NUMBER_TOKENS
                .subList(4, HostileText.BAD_NUMBER_TOKENS.size())
                .get(random.nextInt(HostileText.BAD_NUMBER_TOKENS.size() - 4));
        yield new HostileLine(
            RawJson.object(replace(m, "value", token.getBytes(StandardCharsets.UTF_8))),
            Scope.SYNTAX,
            "bad-number");
      }
      default -> syntaxLine(text.replace("\"type\":", "type:"), "unquoted-key");
    };
  }

  /** Not valid text or not standard JSON ({@link Scope#ENCODING}). */
  HostileLine encoding(ObjectNode draft) {
    List<Member> m = RawJson.members(draft);
    return switch (random.nextInt(6)) {
      case 5 -> {
        // an unpaired surrogate in a member name: a JSON parser may refuse the text itself
        if (random.nextBoolean()) {
          m.add(Member.of("\ud800", RawJson.encode("x")));
        } else {
          m = replace(m, "attributes", RawJson.ascii("{\"k\\ud800\":1}"));
        }
        yield new HostileLine(RawJson.object(m), Scope.ENCODING, "lone-surrogate-name");
      }
      case 0, 1 -> {
        String field = HostileText.pick(random, ID_FIELDS.subList(0, 3));
        String text = draft.path(field).asText("x");
        byte[] raw =
            RawJson.concat(
                RawJson.concat(
                    RawJson.ascii("\""),
                    RawJson.concat(
                        text.getBytes(StandardCharsets.UTF_8),
                        HostileText.pickBytes(random, HostileText.INVALID_UTF8))),
                RawJson.ascii("\""));
        yield new HostileLine(
            RawJson.object(replace(m, field, raw)), Scope.ENCODING, "invalid-utf8");
      }
      case 2 ->
          new HostileLine(
              RawJson.object(
                  replace(
                      m,
                      random.nextBoolean() ? "value" : "timestamp",
                      RawJson.ascii(
                          HostileText.pick(random, HostileText.BAD_NUMBER_TOKENS.subList(0, 4))))),
              Scope.ENCODING,
              "nan-infinity");
      case 3 ->
          new HostileLine(
              RawJson.object(
                  replace(
                      m,
                      "attributes",
                      RawJson.nested(33 + random.nextInt(3000), random.nextBoolean()))),
              Scope.ENCODING,
              "deep-nesting");
      default -> {
        // a byte order mark before an event that is refused anyway (a parser may skip the mark)
        HostileLine bad = eventScope(draft);
        yield new HostileLine(
            RawJson.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bad.bytes()),
            Scope.ENCODING,
            "bom+" + bad.kind());
      }
    };
  }

  /** A JSON value that is not an object ({@link Scope#NOT_OBJECT}). */
  HostileLine notObject(ObjectNode draft) {
    byte[] valid = RawJson.object(RawJson.members(draft));
    return switch (random.nextInt(5)) {
      case 0 ->
          new HostileLine(
              RawJson.concat(RawJson.concat(RawJson.ascii("["), valid), RawJson.ascii("]")),
              Scope.NOT_OBJECT,
              "array-not-object");
      case 1 -> new HostileLine(RawJson.ascii("42"), Scope.NOT_OBJECT, "scalar");
      case 2 -> new HostileLine(RawJson.ascii("null"), Scope.NOT_OBJECT, "scalar");
      case 3 ->
          new HostileLine(
              RawJson.encode(new String(valid, StandardCharsets.UTF_8)),
              Scope.NOT_OBJECT,
              "event-as-string");
      default -> new HostileLine(RawJson.ascii("[]"), Scope.NOT_OBJECT, "scalar");
    };
  }

  private HostileLine wrongType(List<Member> m) {
    return switch (random.nextInt(7)) {
      case 0 -> line(replace(m, "user_id", RawJson.ascii("42")), "wrong-type");
      case 1 -> line(replace(m, "type", RawJson.ascii("true")), "wrong-type");
      case 2 -> line(replace(m, "event_id", RawJson.ascii("{}")), "wrong-type");
      case 3 ->
          line(
              replace(
                  m, "timestamp", RawJson.ascii(random.nextBoolean() ? "true" : "[1764000000000]")),
              "wrong-type");
      case 4 ->
          line(
              replace(m, "value", RawJson.ascii(random.nextBoolean() ? "\"\"" : "{\"amount\":1}")),
              "wrong-type");
      case 5 ->
          line(
              replace(m, "attributes", RawJson.ascii(random.nextBoolean() ? "[1,2]" : "\"a=b\"")),
              "wrong-type");
      default -> line(replace(m, "category", RawJson.ascii("[\"shoes\"]")), "wrong-type");
    };
  }

  private String farTimestamp() {
    long now = clock.millis();
    return switch (random.nextInt(4)) {
      case 0 ->
          Instant.ofEpochMilli(now + 2 * 86_400_000L + random.nextLong(86_400_000L)).toString();
      case 1 ->
          Instant.ofEpochMilli(now - 8 * 86_400_000L - random.nextLong(86_400_000L)).toString();
      default -> HostileText.pick(random, HostileText.FAR_ISO_TIMESTAMPS);
    };
  }

  private byte[] badAttributes() {
    StringBuilder sb = new StringBuilder("{");
    switch (random.nextInt(6)) {
      case 0 -> {
        for (int i = 0; i < 33; i++) {
          sb.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":1");
        }
      }
      case 1 -> sb.append("\"").append("k".repeat(65)).append("\":1");
      case 2 -> sb.append("\"a\":\"").append("v".repeat(257)).append("\"");
      case 3 -> sb.append("\"a\":{\"b\":1}");
      case 4 -> sb.append("\"\":1");
      default -> sb.append("\"a\":1,\"a\":2");
    }
    return RawJson.ascii(sb.append('}').toString());
  }

  private static String idKind(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return "lone-surrogate";
      }
    }
    if (text.isBlank()) {
      return "blank-id";
    }
    if (text.codePointCount(0, text.length()) > 128) {
      return "huge-id";
    }
    return "control-chars";
  }

  private static HostileLine line(List<Member> m, String kind) {
    return new HostileLine(RawJson.object(m), Scope.EVENT, kind);
  }

  private static HostileLine syntaxLine(String text, String kind) {
    return new HostileLine(text.getBytes(StandardCharsets.UTF_8), Scope.SYNTAX, kind);
  }

  /** {@code m} with member {@code name}'s value replaced (or the member added when absent). */
  private static List<Member> replace(List<Member> m, String name, byte[] value) {
    byte[] encoded = RawJson.encode(name);
    List<Member> out = new ArrayList<>(m);
    for (int i = 0; i < out.size(); i++) {
      if (Arrays.equals(out.get(i).name(), encoded)) {
        out.set(i, new Member(encoded, value));
        return out;
      }
    }
    out.add(new Member(encoded, value));
    return out;
  }

  private static void remove(List<Member> m, String name) {
    byte[] encoded = RawJson.encode(name);
    m.removeIf(x -> Arrays.equals(x.name(), encoded));
  }
}
