package io.mercato.server;

/** The request body is larger than {@link ServerConfig#maxBodyBytes()}; answered with 413. */
final class BodyTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long limit;

  /**
   * @param limit    the largest body accepted, in bytes
   * @param declared the Content-Length the client declared, or -1 when the body was chunked and the
   *                 limit was found while reading
   */
  BodyTooLargeException(long limit, long declared) {
    super(
        declared >= 0
            ? "the body declares "
                + declared
                + " bytes (Content-Length) but at most "
                + limit
                + " are accepted; split the batch"
            : "the body is larger than the " + limit + " bytes accepted; split the batch");
    this.limit = limit;
  }

  long limit() {
    return limit;
  }
}
