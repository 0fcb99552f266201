package io.mercato.bench.harness.fuzz;

import java.util.Objects;

/**
 * One HTTP request exactly as it goes on the wire, and how to deliver it. Built by {@link Wire};
 * sent by {@link RawHttp}.
 *
 * @param wire        the request's bytes: request line, headers, empty line and body as framed
 *                    (Content-Length or chunked), possibly broken on purpose
 * @param headLength  bytes of {@code wire} up to and including the empty line after the headers
 * @param delivery    how the bytes are sent
 * @param headRequest true for method {@code HEAD} exactly: its answer carries no body whatever its
 *                    Content-Length says
 * @param eventStream true when a {@code text/event-stream} answer may come: it never ends by itself,
 *                    so the client reads its first event and then closes
 */
public record RawRequest(
    byte[] wire, int headLength, Delivery delivery, boolean headRequest, boolean eventStream) {

  public RawRequest {
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(delivery, "delivery");
    if (headLength < 0 || headLength > wire.length) {
      throw new IllegalArgumentException(
          "headLength must be in 0.." + wire.length + " but was " + headLength);
    }
  }

  /** Body bytes: everything after the head. */
  public int bodyLength() {
    return wire.length - headLength;
  }

  /** The same request delivered differently. */
  public RawRequest with(Delivery d) {
    return new RawRequest(wire, headLength, d, headRequest, eventStream);
  }

  /**
   * The request for a report: printable ASCII as is, CR LF as {@code \r\n}, every other byte as
   * {@code \xNN}; cut after {@code max} output characters with the number of bytes left out.
   */
  public String preview(int max) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < wire.length && sb.length() < max; i++) {
      int b = wire[i] & 0xff;
      if (b == '\r') {
        sb.append("\\r");
      } else if (b == '\n') {
        sb.append("\\n");
      } else if (b == '\\') {
        sb.append("\\\\");
      } else if (b >= 0x20 && b < 0x7f) {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02X", b));
      }
    }
    if (i < wire.length) {
      sb.append("... (").append(wire.length - i).append(" more bytes)");
    }
    return sb.toString();
  }

  /** How the bytes are sent. */
  public enum Mode {
    /** All at once (large bodies in pieces, stopping early if the server already answered). */
    WHOLE,
    /** The head, then the body in {@code pieces} parts with {@code pauseMillis} between them. */
    SLOW,
    /** The head and {@code stallAfterBytes} of the body, then nothing: the server must time out and answer. */
    STALLED,
    /** All bytes, then the client shuts down its sending side (a body shorter than declared ends in EOF). */
    HALF_CLOSE
  }

  /**
   * @param mode            see {@link Mode}
   * @param pieces          SLOW: parts the body is cut into (at least 1)
   * @param pauseMillis     SLOW: pause before each part
   * @param stallAfterBytes STALLED: body bytes sent before stalling
   */
  public record Delivery(Mode mode, int pieces, long pauseMillis, int stallAfterBytes) {
    public static final Delivery WHOLE = new Delivery(Mode.WHOLE, 1, 0, 0);
    public static final Delivery HALF_CLOSE = new Delivery(Mode.HALF_CLOSE, 1, 0, 0);

    public Delivery {
      Objects.requireNonNull(mode, "mode");
      if (pieces < 1 || pauseMillis < 0 || stallAfterBytes < 0) {
        throw new IllegalArgumentException("pieces must be >= 1 and pause and stall >= 0");
      }
    }

    public static Delivery slow(int pieces, long pauseMillis) {
      return new Delivery(Mode.SLOW, pieces, pauseMillis, 0);
    }

    public static Delivery stalled(int afterBytes) {
      return new Delivery(Mode.STALLED, 1, 0, afterBytes);
    }

    /** True for deliveries that take seconds: run beside the main sequence, not in it. */
    public boolean slow() {
      return mode == Mode.SLOW || mode == Mode.STALLED;
    }
  }
}
