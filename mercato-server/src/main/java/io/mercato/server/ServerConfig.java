package io.mercato.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the HTTP server.
 *
 * @param host                 interface to bind, e.g. {@code 0.0.0.0} (all, the default) or {@code 127.0.0.1}
 * @param port                 TCP port, 0..65535; 0 binds a random free port (see {@link MercatoServer#port()});
 *                             default 8080
 * @param maxBodyBytes         largest request body accepted, in bytes (default 5 MiB = 5,242,880); a larger
 *                             body is answered with 413 whether or not it declares its length
 * @param idleTimeout          longest silence on a connection, while it sends a request (headers or body) or
 *                             between requests, before Jetty closes it (a body then gets 408); at least 1 s,
 *                             default 30 s
 * @param bodyTimeout          longest time a request body may take to arrive in full, from the end of its
 *                             headers; then 408 and the connection is closed. At least 1 s, default 30 s
 *                             (5 MiB at 175 KB/s)
 * @param maxConcurrentBodies  request bodies received at once; one more is answered 503 with
 *                             {@code Retry-After} at once. Bounds the memory of bodies in flight to this ×
 *                             {@code maxBodyBytes}; 1..100,000, default 64
 * @param maxRejectionsListed  rejected records a 202 of {@code POST /v1/events} lists one by one; the rest
 *                             are counted and summarised by field and message. 0..100,000, default 1,000
 */
public record ServerConfig(
    String host,
    int port,
    int maxBodyBytes,
    Duration idleTimeout,
    Duration bodyTimeout,
    int maxConcurrentBodies,
    int maxRejectionsListed) {
  /** The default bind address: every interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  /** The default body limit: 5 MiB, roughly 20,000 typical events per request. */
  public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

  /** The default idle timeout: Jetty's. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** The default deadline of a whole request body. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The default number of bodies received at once: 64 × 5 MiB = 320 MiB at most in flight. */
  public static final int DEFAULT_MAX_CONCURRENT_BODIES = 64;

  /** The default number of rejections a 202 lists one by one. */
  public static final int DEFAULT_MAX_REJECTIONS_LISTED = 1_000;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idle-timeout");
    Objects.requireNonNull(bodyTimeout, "body-timeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException(
          "host must not be blank (use 0.0.0.0 to bind every interface)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port must be between 0 and 65535 (0 = a random free port) but was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max-body-bytes must be positive but was " + maxBodyBytes);
    }
    if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("idle-timeout must be at least 1s but was " + idleTimeout);
    }
    if (bodyTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("body-timeout must be at least 1s but was " + bodyTimeout);
    }
    if (maxConcurrentBodies < 1 || maxConcurrentBodies > 100_000) {
      throw new IllegalArgumentException(
          "max-concurrent-bodies must be in 1..100000 but was " + maxConcurrentBodies);
    }
    if (maxRejectionsListed < 0 || maxRejectionsListed > 100_000) {
      throw new IllegalArgumentException(
          "max-rejections-listed must be in 0..100000 but was " + maxRejectionsListed);
    }
  }

  /** The given address and body limit, every other setting at its default. */
  public ServerConfig(String host, int port, int maxBodyBytes) {
    this(
        host,
        port,
        maxBodyBytes,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_MAX_CONCURRENT_BODIES,
        DEFAULT_MAX_REJECTIONS_LISTED);
  }

  /** {@code 0.0.0.0:8080}, 5 MiB bodies, the default timeouts and limits. */
  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }

  /** A copy listening on {@code port}. */
  public ServerConfig withPort(int port) {
    return new ServerConfig(
        host,
        port,
        maxBodyBytes,
        idleTimeout,
        bodyTimeout,
        maxConcurrentBodies,
        maxRejectionsListed);
  }

  /** A copy accepting bodies up to {@code maxBodyBytes}. */
  public ServerConfig withMaxBodyBytes(int maxBodyBytes) {
    return new ServerConfig(
        host,
        port,
        maxBodyBytes,
        idleTimeout,
        bodyTimeout,
        maxConcurrentBodies,
        maxRejectionsListed);
  }

  /** A copy with other body and connection limits. */
  public ServerConfig withBodyLimits(
      Duration idleTimeout, Duration bodyTimeout, int maxConcurrentBodies) {
    return new ServerConfig(
        host,
        port,
        maxBodyBytes,
        idleTimeout,
        bodyTimeout,
        maxConcurrentBodies,
        maxRejectionsListed);
  }

  /** A copy listing at most {@code maxRejectionsListed} rejections one by one. */
  public ServerConfig withMaxRejectionsListed(int maxRejectionsListed) {
    return new ServerConfig(
        host,
        port,
        maxBodyBytes,
        idleTimeout,
        bodyTimeout,
        maxConcurrentBodies,
        maxRejectionsListed);
  }
}
