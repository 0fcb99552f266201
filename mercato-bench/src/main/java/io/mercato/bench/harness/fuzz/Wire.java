package io.mercato.bench.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link RawRequest} byte by byte. HTTP client libraries refuse what the fuzzer must send
 * (a method {@code M-SEARCH} or {@code get}, raw bytes above 0x7F in a path, a Content-Length that
 * lies, a broken chunk size), so requests are assembled here by hand.
 *
 * <p>Method, target and header texts are ISO-8859-1: each char is one byte on the wire, so any byte
 * can be put there ({@link #latin1(byte[])} turns bytes into such a string). Defaults: {@code HTTP/1.1},
 * {@code Host: 127.0.0.1}, {@code Connection: close}, and with a body a Content-Length that matches it.
 */
public final class Wire {
  private final String method;
  private final String target;
  private String version = "HTTP/1.1";
  private final List<String[]> headers = new ArrayList<>();
  private boolean host = true;
  private boolean close = true;
  private byte[] body;
  private Long declaredLength;
  private boolean noLength;
  private int[] chunks;
  private String chunkSizeOverride;
  private boolean eventStream;

  private Wire(String method, String target) {
    this.method = Objects.requireNonNull(method, "method");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** A request {@code method target}; both are sent as they are. */
  public static Wire request(String method, String target) {
    return new Wire(method, target);
  }

  /** The bytes as an ISO-8859-1 string, for a target or header holding raw bytes. */
  public static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** {@code s} encoded in UTF-8, then as an ISO-8859-1 string (a raw UTF-8 path, unescaped). */
  public static String utf8AsLatin1(String s) {
    return latin1(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Percent-encodes {@code s} for a path segment or query value: unreserved ASCII as is, every other
   * byte of its UTF-8 form as {@code %XX}. An unpaired surrogate, which UTF-8 cannot hold, is encoded
   * as the three bytes its code unit would take ({@code \ud800} as {@code %ED%A0%80}): what a broken
   * client sends.
   */
  public static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length() * 3);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if ((cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= '0' && cp <= '9')
          || "-._~".indexOf(cp) >= 0) {
        out.append((char) cp);
        continue;
      }
      byte[] bytes =
          Character.isSurrogate((char) cp) && cp < 0x10000
              ? new byte[] {
                (byte) (0xE0 | (cp >> 12)),
                (byte) (0x80 | ((cp >> 6) & 0x3F)),
                (byte) (0x80 | (cp & 0x3F))
              }
              : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  public Wire version(String v) {
    this.version = v;
    return this;
  }

  public Wire header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** Leaves out the Host header (required by HTTP/1.1: the server must answer 400). */
  public Wire noHost() {
    this.host = false;
    return this;
  }

  /** Leaves out {@code Connection: close} (the connection is kept alive; the client closes it after one answer). */
  public Wire keepAlive() {
    this.close = false;
    return this;
  }

  /** A body, with a Content-Length that matches unless {@link #declaredLength} or {@link #chunked} say otherwise. */
  public Wire body(byte[] b) {
    this.body = b;
    return this;
  }

  public Wire body(String utf8) {
    return body(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Content-Type: value} and the body. */
  public Wire body(String contentType, byte[] b) {
    header("Content-Type", contentType);
    return body(b);
  }

  /** Declares a Content-Length other than the body's (a lie: shorter or longer). */
  public Wire declaredLength(long n) {
    this.declaredLength = n;
    return this;
  }

  /** Sends the body with no Content-Length and no chunking (HTTP/1.1 then reads no body at all). */
  public Wire noLength() {
    this.noLength = true;
    return this;
  }

  /** Sends the body chunked, cut into parts of these sizes (the rest in one last part). */
  public Wire chunked(int... sizes) {
    this.chunks = sizes.clone();
    return this;
  }

  /** Replaces the first chunk's size line with {@code text} (a broken chunk size such as {@code zz}). */
  public Wire chunkSize(String text) {
    this.chunkSizeOverride = text;
    return this;
  }

  /** The answer may be a never-ending {@code text/event-stream}. */
  public Wire eventStream() {
    this.eventStream = true;
    return this;
  }

  public RawRequest build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
    write(out, method + " " + target + (version.isEmpty() ? "" : " " + version) + "\r\n");
    if (host) {
      write(out, "Host: 127.0.0.1\r\n");
    }
    if (close) {
      write(out, "Connection: close\r\n");
    }
    for (String[] h : headers) {
      write(out, h[0] + ": " + h[1] + "\r\n");
    }
    byte[] payload = body == null ? new byte[0] : body;
    if (chunks != null) {
      write(out, "Transfer-Encoding: chunked\r\n\r\n");
      int head = out.size();
      writeChunks(out, payload);
      return new RawRequest(
          out.toByteArray(), head, RawRequest.Delivery.WHOLE, method.equals("HEAD"), eventStream);
    }
    if (declaredLength != null) {
      write(out, "Content-Length: " + declaredLength + "\r\n");
    } else if (body != null && !noLength) {
      write(out, "Content-Length: " + payload.length + "\r\n");
    }
    write(out, "\r\n");
    int head = out.size();
    out.writeBytes(payload);
    return new RawRequest(
        out.toByteArray(), head, RawRequest.Delivery.WHOLE, method.equals("HEAD"), eventStream);
  }

  private void writeChunks(ByteArrayOutputStream out, byte[] payload) {
    int at = 0;
    int part = 0;
    while (at < payload.length) {
      int size = part < chunks.length ? Math.max(1, chunks[part]) : payload.length - at;
      size = Math.min(size, payload.length - at);
      String sizeLine =
          part == 0 && chunkSizeOverride != null ? chunkSizeOverride : Integer.toHexString(size);
      write(out, sizeLine + "\r\n");
      out.write(payload, at, size);
      write(out, "\r\n");
      at += size;
      part++;
    }
    write(out, "0\r\n\r\n");
  }

  private static void write(ByteArrayOutputStream out, String latin1) {
    out.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }
}
