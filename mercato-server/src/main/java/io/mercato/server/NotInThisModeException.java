package io.mercato.server;

/**
 * The endpoint exists but the running mode cannot serve it yet (cluster mode: recommendations, catalog,
 * decisions, campaign KPIs, event sample, iALS). Answered 501 {@code not-implemented}: a client error
 * would blame the request, a 404 would deny that the route exists, a 500 would suggest a crash.
 */
final class NotInThisModeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String mode;

  NotInThisModeException(String method, String path, String mode) {
    super(
        method
            + " "
            + path
            + " is not available in "
            + mode
            + " mode yet; run mercato serve in embedded mode "
            + "(--mode embedded) for it");
    this.mode = mode;
  }

  String mode() {
    return mode;
  }
}
