package io.mercato.bench.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A {@code POST /v1/events} body being assembled piece by piece, with its bookkeeping: which valid
 * events are new, how many pieces repeat an event already sent, and which hostile pieces went in.
 */
final class EventBody {
  private final List<byte[]> pieces = new ArrayList<>();
  private final List<SentEvent> fresh = new ArrayList<>();
  private final Set<String> idsInBody = new HashSet<>();
  private final List<String> hostileKinds = new ArrayList<>();
  private final Map<Integer, String> hostileAt = new TreeMap<>();
  private int duplicates;
  private boolean anySyntax;
  private boolean anyEncoding;
  private boolean anyNotObject;

  /** A valid event never sent before (a second copy in the same body counts as a duplicate). */
  EventBody fresh(SentEvent e) {
    pieces.add(e.json());
    if (e.eventId() != null && !idsInBody.add(e.eventId())) {
      duplicates++;
    } else {
      fresh.add(e);
    }
    return this;
  }

  /** A valid event sent (and counted) before. */
  EventBody duplicate(SentEvent e) {
    pieces.add(e.json());
    duplicates++;
    return this;
  }

  EventBody hostile(HostileLine line) {
    hostileAt.put(pieces.size(), line.kind());
    pieces.add(line.bytes());
    hostileKinds.add(line.kind());
    switch (line.scope()) {
      case SYNTAX -> anySyntax = true;
      case ENCODING -> anyEncoding = true;
      case NOT_OBJECT -> anyNotObject = true;
      default -> {}
    }
    return this;
  }

  List<SentEvent> freshEvents() {
    return fresh;
  }

  int duplicates() {
    return duplicates;
  }

  int size() {
    return pieces.size();
  }

  boolean anySyntax() {
    return anySyntax;
  }

  boolean anyEncoding() {
    return anyEncoding;
  }

  boolean anyNotObject() {
    return anyNotObject;
  }

  List<String> hostileKinds() {
    return hostileKinds;
  }

  /** The hostile pieces by their index in the batch, with their mutation. */
  Map<Integer, String> hostileAt() {
    return hostileAt;
  }

  /** One piece per line, with {@code \n} or (sometimes) {@code \r\n}, blank lines here and there. */
  byte[] ndjson(RandomGenerator random) {
    String eol = random.nextInt(5) == 0 ? "\r\n" : "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < pieces.size(); i++) {
      if (random.nextInt(12) == 0) {
        out.writeBytes(RawJson.ascii(random.nextBoolean() ? eol : "   " + eol));
      }
      out.writeBytes(pieces.get(i));
      if (i < pieces.size() - 1 || random.nextBoolean()) {
        out.writeBytes(RawJson.ascii(eol));
      }
    }
    return out.toByteArray();
  }

  /** A JSON array of the pieces, or the one piece alone when {@code single} (and there is one). */
  byte[] json(RandomGenerator random, boolean single) {
    if (single && pieces.size() == 1) {
      return pieces.get(0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String sep = random.nextBoolean() ? "," : ",\n  ";
    out.write('[');
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        out.writeBytes(RawJson.ascii(sep));
      }
      out.writeBytes(pieces.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }
}
