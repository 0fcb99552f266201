package io.mercato.server;

import java.util.Objects;

/**
 * Configuration of the HTTP server.
 *
 * @param host         interface to bind, e.g. {@code 0.0.0.0} (all, the default) or {@code 127.0.0.1}
 * @param port         TCP port, 0..65535; 0 binds a random free port (see {@link MercatoServer#port()});
 *                     default 8080
 * @param maxBodyBytes largest request body accepted, in bytes (default 5 MiB = 5,242,880); a larger
 *                     body is answered with 413 whether or not it declares its length
 */
public record ServerConfig(String host, int port, int maxBodyBytes) {
  /** The default bind address: every interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";
  /** The default port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default body limit: 5 MiB, roughly 20,000 typical events per request. */
  public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank (use 0.0.0.0 to bind every interface)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (0 = a random free port) but was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max-body-bytes must be positive but was " + maxBodyBytes);
    }
  }

  /** {@code 0.0.0.0:8080}, 5 MiB bodies. */
  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }

  /** A copy listening on {@code port}. */
  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, maxBodyBytes);
  }

  /** A copy accepting bodies up to {@code maxBodyBytes}. */
  public ServerConfig withMaxBodyBytes(int maxBodyBytes) {
    return new ServerConfig(host, port, maxBodyBytes);
  }
}
