package io.mercato.bench.harness.fuzz;

import java.util.Objects;

/**
 * One event-sized piece of a body that the documented contract refuses, and how far the refusal may
 * reach.
 *
 * @param bytes the line (no line break)
 * @param scope how much of a body it may take down
 * @param kind  the mutation, e.g. {@code lone-surrogate}, {@code truncated}, {@code invalid-utf8}
 */
record HostileLine(byte[] bytes, Scope scope, String kind) {
  HostileLine {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(kind, "kind");
  }

  /** How far a refusal reaches. */
  enum Scope {
    /**
     * Well-formed JSON that breaks a rule of the contract: the event is rejected (listed in the 202), in
     * NDJSON and in a JSON array alike; the others of the body still count.
     */
    EVENT,
    /**
     * Not JSON: in NDJSON the line is rejected on its own; a JSON (object or array) body cannot be framed
     * and is refused whole with 400.
     */
    SYNTAX,
    /**
     * Not valid text or not standard JSON (bytes that are not UTF-8, NaN and Infinity tokens, nesting
     * beyond the reader's depth): in NDJSON the line is rejected on its own; in a JSON body the
     * contract allows either refusing the body (400) or rejecting the element, so such lines only go
     * into JSON bodies without valid events.
     */
    ENCODING,
    /** A JSON value that is not an object (an array, a number, null): rejected as an element or line. */
    NOT_OBJECT
  }
}
