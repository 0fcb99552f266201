package io.mercato.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body into memory without ever holding more than the limit (plus one read buffer).
 * The declared Content-Length is checked first so an oversized upload is refused before a byte of it
 * is read; a chunked body (no length) is counted while it streams in, so lying about or omitting the
 * length does not get past the limit either.
 */
final class BoundedBody {
  private static final int CHUNK = 16 * 1024;

  private BoundedBody() {}

  /**
   * @param declaredLength the Content-Length, or -1 when unknown (chunked)
   * @param max            largest body accepted, in bytes
   * @return the whole body
   * @throws BodyTooLargeException   when the body is, or declares to be, longer than {@code max}
   * @throws UnreadableBodyException when the stream fails or ends before the declared length
   */
  static byte[] read(InputStream in, long declaredLength, int max) {
    if (declaredLength > max) {
      throw new BodyTooLargeException(max, declaredLength);
    }
    // Trust a declared length for the first allocation only; it is still enforced while reading.
    byte[] buf = new byte[declaredLength >= 0 ? (int) declaredLength : Math.min(CHUNK, max)];
    int size = 0;
    try {
      while (true) {
        if (size == buf.length) {
          // Full (at the declared length or at the current capacity): probe one byte before
          // growing,
          // so a body of exactly the declared length costs no extra allocation.
          int next = in.read();
          if (next < 0) {
            break;
          }
          if (size >= max) {
            throw new BodyTooLargeException(max, -1);
          }
          buf =
              Arrays.copyOf(
                  buf, (int) Math.min((long) max, Math.max(CHUNK, (long) buf.length * 2)));
          buf[size++] = (byte) next;
          continue;
        }
        int n = in.read(buf, size, buf.length - size);
        if (n < 0) {
          break;
        }
        size += n;
      }
    } catch (IOException e) {
      throw new UnreadableBodyException(e);
    }
    if (declaredLength >= 0 && size < declaredLength) {
      throw new UnreadableBodyException(
          new IOException(
              "body ended after " + size + " of " + declaredLength + " declared bytes"));
    }
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}
