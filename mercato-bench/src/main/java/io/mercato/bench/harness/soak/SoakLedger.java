package io.mercato.bench.harness.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every event the soak sent and every one acknowledged, compactly: sender {@code s}'s events are
 * numbered 0, 1, 2... (id {@code sk-s-n}), their type follows from the number, so an event can be
 * written again at any time from its number, and 10 million events cost a few megabytes. Thread-safe.
 */
final class SoakLedger {
  /** The soak's event types: standard ones and one custom, in a fixed rotation. */
  static final List<String> TYPES =
      List.of("view", "view", "click", "add_to_cart", "purchase", "soak.ping");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final BitSet[] acked;
  private final long[] sent;

  SoakLedger(int senders) {
    this.acked = new BitSet[senders];
    this.sent = new long[senders];
    for (int s = 0; s < senders; s++) {
      acked[s] = new BitSet();
    }
  }

  int senders() {
    return acked.length;
  }

  static String id(int sender, long n) {
    return "sk-" + sender + "-" + n;
  }

  static String type(long n) {
    return TYPES.get((int) Long.remainderUnsigned(n * 0x9E3779B97F4A7C15L >>> 17, TYPES.size()));
  }

  /** The JSON line of event {@code n} of {@code sender}, stamped {@code at} (dedup looks at the id only). */
  static byte[] json(int sender, long n, Instant at) {
    ObjectNode e = JSON.createObjectNode();
    String type = type(n);
    e.put("event_id", id(sender, n));
    e.put("type", type);
    e.put("user_id", "sk-u" + (n % 997));
    e.put("item_id", "sk-p" + (n % 211));
    if (type.equals("purchase")) {
      e.put("value", 1 + n % 50);
    }
    e.put("timestamp", at.toString());
    try {
      return JSON.writeValueAsBytes(e);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot write an event", x);
    }
  }

  /** Reserves {@code count} new numbers for {@code sender}, recorded as sent before they go out. */
  synchronized long reserve(int sender, int count) {
    long first = sent[sender];
    sent[sender] += count;
    return first;
  }

  synchronized void acknowledge(int sender, long first, int count) {
    acked[sender].set(Math.toIntExact(first), Math.toIntExact(first + count));
  }

  synchronized boolean isAcked(int sender, long n) {
    return acked[sender].get(Math.toIntExact(n));
  }

  synchronized long sent(int sender) {
    return sent[sender];
  }

  synchronized long sentTotal() {
    long t = 0;
    for (long s : sent) {
      t += s;
    }
    return t;
  }

  synchronized long ackedTotal() {
    long t = 0;
    for (BitSet b : acked) {
      t += b.cardinality();
    }
    return t;
  }

  /** Sent events per type. */
  synchronized Map<String, Long> sentByType() {
    Map<String, Long> m = new TreeMap<>();
    for (int s = 0; s < sent.length; s++) {
      for (long n = 0; n < sent[s]; n++) {
        m.merge(type(n), 1L, Long::sum);
      }
    }
    return m;
  }

  /** Acknowledged events per type. */
  synchronized Map<String, Long> ackedByType() {
    Map<String, Long> m = new TreeMap<>();
    for (BitSet b : acked) {
      for (int n = b.nextSetBit(0); n >= 0; n = b.nextSetBit(n + 1)) {
        m.merge(type(n), 1L, Long::sum);
      }
    }
    return m;
  }
}
