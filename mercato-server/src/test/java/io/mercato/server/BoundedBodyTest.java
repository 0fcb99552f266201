package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  @Test
  void readsBodyOfDeclaredLength() {
    byte[] body = bytes(1000);
    assertThat(BoundedBody.read(new ByteArrayInputStream(body), 1000, 1000)).isEqualTo(body);
  }

  @Test
  void readsChunkedBodyUpToExactlyTheLimit() {
    byte[] body = bytes(40_000);
    assertThat(BoundedBody.read(trickle(body), -1, 40_000)).isEqualTo(body);
  }

  @Test
  void emptyBodyIsEmpty() {
    assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0, 10)).isEmpty();
    assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), -1, 10)).isEmpty();
  }

  @Test
  void declaredLengthOverLimitIsRefusedBeforeReading() {
    InputStream untouchable =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("must not read");
          }
        };
    assertThatThrownBy(() -> BoundedBody.read(untouchable, 11, 10))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage(
            "the body declares 11 bytes (Content-Length) but at most 10 are accepted; split the batch");
  }

  @Test
  void chunkedBodyOneByteOverLimitIsRefused() {
    assertThatThrownBy(() -> BoundedBody.read(trickle(bytes(40_001)), -1, 40_000))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage("the body is larger than the 40000 bytes accepted; split the batch");
  }

  @Test
  void bodyShorterThanDeclaredIsUnreadable() {
    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(bytes(5)), 10, 100))
        .isInstanceOf(UnreadableBodyException.class);
  }

  @Test
  void failingStreamIsUnreadable() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("reset");
          }
        };
    assertThatThrownBy(() -> BoundedBody.read(failing, -1, 100))
        .isInstanceOf(UnreadableBodyException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'x');
    b[n - 1] = 'y';
    return b;
  }

  /** A stream returning at most 1000 bytes per read, like a network stream. */
  private static InputStream trickle(byte[] body) {
    return new ByteArrayInputStream(body) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1000));
      }
    };
  }
}
