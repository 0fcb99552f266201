package io.mercato.bench.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * Sends one {@link RawRequest} over a fresh {@link Socket} and reads one response with Jetty's
 * {@link HttpParser} in strict mode, so a response that is cut short, mis-framed or malformed is
 * reported as such ({@link RawResponse#failure()}) instead of being smoothed over as an HTTP client
 * library would. Thread-safe (no shared state).
 *
 * <p>Sending: large bodies go in 64 KiB pieces, and the client stops sending once the server has
 * answered (it may refuse a body it will not read: 413); slow and stalled deliveries follow
 * {@link RawRequest.Delivery}. Reading: interim 1xx answers are skipped; an event stream is read up
 * to the end of its first event; bodies beyond {@link #MAX_BODY_BYTES} count as a failure.
 */
public final class RawHttp {
  /** Largest response body read; more is reported as a failure (an answer out of all proportion). */
  public static final int MAX_BODY_BYTES = 64 << 20;

  private static final int PIECE = 64 * 1024;

  private final String host;
  private final int port;

  public RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Sends {@code request} and reads its answer.
   *
   * @param timeout longest wait for the next bytes of the answer (and for the connection)
   */
  public RawResponse exchange(RawRequest request, Duration timeout) {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 10_000));
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      String writeError = send(request, s.getOutputStream(), s.getInputStream());
      if (request.delivery().mode() == RawRequest.Mode.HALF_CLOSE && writeError == null) {
        s.shutdownOutput();
      }
      return read(request, s.getInputStream(), writeError, start, timeout);
    } catch (ConnectException e) {
      return failed("cannot connect: " + e.getMessage(), null, start);
    } catch (IOException e) {
      return failed("connection failed: " + e, null, start);
    }
  }

  private static String send(RawRequest r, OutputStream out, InputStream in) {
    byte[] wire = r.wire();
    try {
      switch (r.delivery().mode()) {
        case SLOW -> {
          out.write(wire, 0, r.headLength());
          out.flush();
          int body = r.bodyLength();
          int pieces = Math.min(r.delivery().pieces(), Math.max(1, body));
          for (int i = 0; i < pieces; i++) {
            sleep(r.delivery().pauseMillis());
            int from = r.headLength() + (int) ((long) body * i / pieces);
            int to = r.headLength() + (int) ((long) body * (i + 1) / pieces);
            out.write(wire, from, to - from);
            out.flush();
            if (in.available() > 0) {
              return null; // answered before the body was complete
            }
          }
        }
        case STALLED -> {
          out.write(
              wire, 0, Math.min(wire.length, r.headLength() + r.delivery().stallAfterBytes()));
          out.flush();
        }
        default -> {
          if (wire.length <= PIECE * 4) {
            out.write(wire);
            out.flush();
            return null;
          }
          out.write(wire, 0, r.headLength());
          out.flush();
          awaitEarlyAnswer(in, 100); // a declared length over the limit is refused before the body
          for (int at = r.headLength(); at < wire.length; at += PIECE) {
            if (in.available() > 0) {
              return null; // the server answered already: it will not read the rest
            }
            out.write(wire, at, Math.min(PIECE, wire.length - at));
          }
          out.flush();
        }
      }
      return null;
    } catch (IOException e) {
      return e.toString();
    }
  }

  private RawResponse read(
      RawRequest request, InputStream in, String writeError, long start, Duration timeout) {
    Collector c = new Collector(request.eventStream());
    HttpParser parser = new HttpParser(c, HttpCompliance.STRICT);
    parser.setHeadResponse(request.headRequest());
    byte[] buf = new byte[PIECE];
    ByteBuffer pending = ByteBuffer.allocate(0);
    try {
      while (true) {
        while (pending.hasRemaining() && !c.done()) {
          int before = pending.position();
          parser.parseNext(pending);
          if (pending.position() == before && !c.done()) {
            c.failure =
                "malformed response: bytes after a complete message (parser state "
                    + parser.getState()
                    + ")";
          }
          if (c.interim()) {
            c.reset();
            parser.reset();
            parser.setHeadResponse(request.headRequest());
          }
        }
        if (c.done()) {
          break;
        }
        int n = in.read(buf);
        if (n < 0) {
          parser.atEOF();
          parser.parseNext(ByteBuffer.allocate(0));
          if (!c.done()) {
            return c.result(
                c.status == 0
                    ? "connection closed before any response"
                    : "connection closed mid-response (" + c.body.size() + " body bytes received)",
                writeError,
                start);
          }
          break;
        }
        pending = ByteBuffer.wrap(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      return c.result(
          (c.status == 0 ? "no response" : "response incomplete")
              + " within "
              + timeout.toSeconds()
              + " s",
          writeError,
          start);
    } catch (IOException e) {
      return c.result(
          (c.status == 0
                  ? "connection failed before any response: "
                  : "connection failed mid-response: ")
              + e,
          writeError,
          start);
    }
    return c.result(c.failure, writeError, start);
  }

  private static void awaitEarlyAnswer(InputStream in, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline && in.available() == 0) {
      sleep(5);
    }
  }

  private static RawResponse failed(String failure, String writeError, long start) {
    return new RawResponse(
        0, Map.of(), new byte[0], failure, writeError, (System.nanoTime() - start) / 1000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Collects one response from the parser's callbacks. */
  private static final class Collector implements HttpParser.ResponseHandler {
    private final boolean eventStream;
    int status;
    final List<HttpField> fields = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete;
    String failure;

    Collector(boolean eventStream) {
      this.eventStream = eventStream;
    }

    boolean done() {
      return (complete && !interim()) || failure != null;
    }

    /** A 1xx answer before the final one (101 switches protocols and is final here). */
    boolean interim() {
      return complete && status >= 100 && status < 200 && status != 101;
    }

    void reset() {
      status = 0;
      fields.clear();
      body.reset();
      complete = false;
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
      this.status = status;
    }

    @Override
    public void parsedHeader(HttpField field) {
      fields.add(field);
    }

    @Override
    public boolean headerComplete() {
      return false;
    }

    @Override
    public boolean content(ByteBuffer content) {
      int n = content.remaining();
      if (body.size() + n > MAX_BODY_BYTES) {
        failure = "response body larger than " + (MAX_BODY_BYTES >> 20) + " MiB";
        content.position(content.limit());
        return true;
      }
      byte[] b = new byte[n];
      content.get(b);
      body.writeBytes(b);
      if (eventStream && status == 200 && isEventStream()) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (text.contains("\n\n") || text.contains("\r\n\r\n")) {
          complete = true; // the first event: enough, the stream would go on forever
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean contentComplete() {
      return false;
    }

    @Override
    public boolean messageComplete() {
      complete = true;
      return true;
    }

    @Override
    public void earlyEOF() {
      if (failure == null) {
        failure =
            status == 0
                ? "connection closed before any response"
                : "connection closed mid-response (" + body.size() + " body bytes received)";
      }
    }

    @Override
    public void badMessage(HttpException e) {
      failure = "malformed response: " + e.getReason();
    }

    private boolean isEventStream() {
      for (HttpField f : fields) {
        if (f.is("Content-Type")
            && f.getValue().toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
          return true;
        }
      }
      return false;
    }

    RawResponse result(String failure, String writeError, long start) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HttpField f : fields) {
        headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
      }
      return new RawResponse(
          status,
          headers,
          body.toByteArray(),
          failure,
          writeError,
          (System.nanoTime() - start) / 1000);
    }
  }
}
