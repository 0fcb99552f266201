package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Mutates a JSON document (a route's example body from the OpenAPI document) in one hostile way:
 * a value replaced by a hostile one of any type (including tokens and bytes no JSON writer produces),
 * a member removed, added or given twice, a value nested thousands deep, the text cut short. Works
 * on any document, so a route added later is fuzzed from its example without code here. Not
 * thread-safe.
 */
final class JsonMutator {
  /** Stands for a raw fragment in the serialised tree until it is swapped in. */
  private static final String MARK = "@@fz-raw@@";

  private static final byte[] MARK_QUOTED = RawJson.encode(MARK);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final RandomGenerator random;

  JsonMutator(RandomGenerator random) {
    this.random = random;
  }

  /** One slot of the tree: a member of an object or an element of an array. */
  private record Slot(JsonNode parent, String name, int index) {
    JsonNode get() {
      return name != null ? parent.get(name) : parent.get(index);
    }

    void set(JsonNode v) {
      if (name != null) {
        ((ObjectNode) parent).set(name, v);
      } else {
        ((ArrayNode) parent).set(index, v);
      }
    }
  }

  /** A mutated body and the name of its mutation. */
  record Mutated(byte[] bytes, String kind) {}

  /** {@code example} mutated once; the example itself is not changed. */
  Mutated mutate(JsonNode example) {
    JsonNode tree = example == null ? NODES.objectNode() : example.deepCopy();
    List<Slot> slots = new ArrayList<>();
    collect(tree, slots);
    if (slots.isEmpty() || random.nextInt(12) == 0) {
      return wholeBody(tree);
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> hostileText(tree, slot);
      case 3 ->
          raw(
              tree,
              slot,
              HostileText.pick(
                  random,
                  random.nextBoolean()
                      ? HostileText.EXTREME_NUMBERS
                      : HostileText.BAD_NUMBER_TOKENS),
              "number-token");
      case 4 -> wrongType(tree, slot);
      case 5 -> {
        if (slot.name() != null) {
          ((ObjectNode) slot.parent()).remove(slot.name());
        } else {
          ((ArrayNode) slot.parent()).remove(slot.index());
        }
        yield new Mutated(RawJson.encode(tree), "member-removed");
      }
      case 6 -> addMember(tree, slots);
      case 7 ->
          raw(
              tree,
              slot,
              new String(
                  RawJson.nested(33 + random.nextInt(5000), random.nextBoolean()),
                  StandardCharsets.ISO_8859_1),
              "deep-nesting");
      case 8 -> {
        slot.set(NODES.textNode(HostileText.pick(random, HostileText.FAR_ISO_TIMESTAMPS)));
        yield new Mutated(RawJson.encode(tree), "far-timestamp");
      }
      default -> invalidUtf8(tree, slot);
    };
  }

  private Mutated hostileText(JsonNode tree, Slot slot) {
    List<String> pool =
        switch (random.nextInt(3)) {
          case 0 -> HostileText.INVALID_IDS;
          case 1 -> HostileText.ODD_VALID_IDS;
          default -> HostileText.ODD_UNICODE;
        };
    slot.set(NODES.textNode(HostileText.pick(random, pool)));
    return new Mutated(RawJson.encode(tree), "hostile-text");
  }

  private Mutated wrongType(JsonNode tree, Slot slot) {
    JsonNode current = slot.get();
    JsonNode replacement;
    if (current.isTextual()) {
      replacement = random.nextBoolean() ? NODES.numberNode(42) : NODES.arrayNode().add(current);
    } else if (current.isNumber()) {
      replacement =
          random.nextBoolean() ? NODES.textNode(current.asText()) : NODES.booleanNode(true);
    } else if (current.isContainerNode()) {
      replacement = random.nextBoolean() ? NODES.textNode(current.toString()) : NODES.numberNode(0);
    } else {
      replacement = random.nextBoolean() ? NODES.objectNode() : NODES.nullNode();
    }
    slot.set(replacement);
    return new Mutated(RawJson.encode(tree), "wrong-type");
  }

  private Mutated addMember(JsonNode tree, List<Slot> slots) {
    List<ObjectNode> objects = new ArrayList<>();
    if (tree instanceof ObjectNode o) {
      objects.add(o);
    }
    slots.stream()
        .map(Slot::get)
        .filter(n -> n instanceof ObjectNode)
        .forEach(n -> objects.add((ObjectNode) n));
    if (objects.isEmpty()) {
      return wholeBody(tree);
    }
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    if (random.nextBoolean() && target.size() > 0) {
      // a member given twice: only a raw writer can produce it
      String name = target.fieldNames().next();
      byte[] dup =
          RawJson.concat(
              RawJson.concat(RawJson.encode(name), RawJson.ascii(":")),
              RawJson.encode(target.get(name)));
      target.put(MARK, MARK);
      byte[] bytes = RawJson.encode(tree);
      byte[] pair = RawJson.concat(RawJson.concat(MARK_QUOTED, RawJson.ascii(":")), MARK_QUOTED);
      return new Mutated(replace(bytes, pair, dup), "duplicate-member");
    }
    target.put(
        HostileText.pick(
            random,
            List.of(
                "unknown", "updated_at", "Id", "", "\u0000", "\ud800", "__proto__", "constructor")),
        "x");
    return new Mutated(RawJson.encode(tree), "unknown-member");
  }

  private Mutated invalidUtf8(JsonNode tree, Slot slot) {
    String text = slot.get().isTextual() ? slot.get().asText() : "x";
    slot.set(NODES.textNode(MARK));
    byte[] bytes = RawJson.encode(tree);
    byte[] value =
        RawJson.concat(
            RawJson.concat(
                RawJson.ascii("\""),
                RawJson.concat(
                    text.getBytes(StandardCharsets.UTF_8),
                    HostileText.pickBytes(random, HostileText.INVALID_UTF8))),
            RawJson.ascii("\""));
    return new Mutated(replace(bytes, MARK_QUOTED, value), "invalid-utf8");
  }

  private Mutated raw(JsonNode tree, Slot slot, String token, String kind) {
    slot.set(NODES.textNode(MARK));
    return new Mutated(
        replace(RawJson.encode(tree), MARK_QUOTED, token.getBytes(StandardCharsets.ISO_8859_1)),
        kind);
  }

  private Mutated wholeBody(JsonNode tree) {
    byte[] valid = RawJson.encode(tree);
    return switch (random.nextInt(7)) {
      case 0 ->
          new Mutated(
              Arrays.copyOf(
                  valid, Math.max(0, valid.length - 1 - random.nextInt(Math.max(1, valid.length)))),
              "truncated");
      case 1 -> new Mutated(new byte[0], "empty-body");
      case 2 ->
          new Mutated(
              RawJson.ascii(
                  HostileText.pick(random, List.of("null", "[]", "42", "\"x\"", "{}", "true"))),
              "scalar-body");
      case 3 -> new Mutated(RawJson.concat(valid, valid), "two-roots");
      case 4 ->
          new Mutated(
              RawJson.nested(1000 + random.nextInt(100_000), random.nextBoolean()), "deep-nesting");
      case 5 ->
          new Mutated(
              RawJson.concat(RawJson.ascii("["), RawJson.concat(valid, RawJson.ascii("]"))),
              "array-of-it");
      default -> {
        byte[] junk = new byte[1 + random.nextInt(512)];
        random.nextBytes(junk);
        yield new Mutated(junk, "random-bytes");
      }
    };
  }

  private static void collect(JsonNode node, List<Slot> out) {
    if (node instanceof ObjectNode o) {
      o.fieldNames()
          .forEachRemaining(
              name -> {
                out.add(new Slot(o, name, -1));
                collect(o.get(name), out);
              });
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Slot(a, null, i));
        collect(a.get(i), out);
      }
    }
  }

  /** {@code bytes} with the first occurrence of {@code what} replaced by {@code with}. */
  private static byte[] replace(byte[] bytes, byte[] what, byte[] with) {
    for (int i = 0; i <= bytes.length - what.length; i++) {
      if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
        byte[] out = new byte[bytes.length - what.length + with.length];
        System.arraycopy(bytes, 0, out, 0, i);
        System.arraycopy(with, 0, out, i, with.length);
        System.arraycopy(
            bytes, i + what.length, out, i + with.length, bytes.length - i - what.length);
        return out;
      }
    }
    return bytes;
  }
}
