package io.mercato.bench.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The raw client tells a whole response from a cut or garbled one: each test serves canned bytes
 * from a local socket.
 */
class RawHttpTest {
  private ServerSocket server;
  private Thread serving;

  /** Released when the test ends: a connection that must never answer is held open until then. */
  private final CountDownLatch done = new CountDownLatch(1);

  @AfterEach
  void close() throws Exception {
    done.countDown();
    if (server != null) {
      server.close();
    }
    if (serving != null) {
      serving.join(5_000);
    }
  }

  @Test
  void readsAResponseFramedByContentLength() throws Exception {
    RawResponse r =
        exchange(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            true);
    assertThat(r.failure()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.mediaType()).isEqualTo("application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void readsAChunkedResponseAndSkipsAnInterimContinue() throws Exception {
    RawResponse r =
        exchange(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
            false);
    assertThat(r.failure()).isNull();
    assertThat(r.status()).isEqualTo(202);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
  }

  @Test
  void aConnectionClosedBeforeAnyResponseIsAFailure() throws Exception {
    RawResponse r = exchange("", true);
    assertThat(r.failure()).isEqualTo("connection closed before any response");
  }

  @Test
  void aBodyCutShortIsAFailure() throws Exception {
    RawResponse r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true);
    assertThat(r.failure()).startsWith("connection closed mid-response");
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void aMalformedStatusLineIsAFailure() throws Exception {
    RawResponse r = exchange("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", true);
    assertThat(r.failure()).startsWith("malformed response");
  }

  @Test
  void noAnswerAtAllIsAFailureAfterTheTimeout() throws Exception {
    RawResponse r = exchange(null, false);
    assertThat(r.failure()).startsWith("no response within");
  }

  @Test
  void anEventStreamIsReadUpToItsFirstEvent() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    String event = "event: kpis\ndata: {}\n\n";
    RawResponse r =
        exchange(
            head + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n",
            false,
            Wire.request("GET", "/s").eventStream().build());
    assertThat(r.failure()).isNull();
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(event);
  }

  @Test
  void aHeadAnswerHasNoBodyWhateverItsLength() throws Exception {
    RawResponse r =
        exchange(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
            false,
            Wire.request("HEAD", "/").build());
    assertThat(r.failure()).isNull();
    assertThat(r.body()).isEmpty();
  }

  private RawResponse exchange(String answer, boolean closeAfter) throws IOException {
    return exchange(answer, closeAfter, Wire.request("GET", "/").build());
  }

  /** Serves {@code answer} (null: nothing, holding the connection until the test ends) to one request. */
  private RawResponse exchange(String answer, boolean closeAfter, RawRequest request)
      throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    serving =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n = in.read(buf); // the request
                OutputStream out = s.getOutputStream();
                if (answer != null && n > 0) {
                  out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                }
                if (answer == null) {
                  done.await(); // never answer: the client must give up on its own
                } else if (!closeAfter) {
                  Thread.sleep(500);
                }
              } catch (IOException | InterruptedException e) {
                // the test closed the socket
              }
            });
    serving.start();
    return new RawHttp("127.0.0.1", server.getLocalPort()).exchange(request, Duration.ofSeconds(1));
  }
}
