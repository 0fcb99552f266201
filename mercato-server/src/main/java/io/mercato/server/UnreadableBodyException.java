package io.mercato.server;

import java.io.IOException;

/**
 * The request body could not be read to its end (the client closed the connection early, or sent
 * broken chunked framing); answered with 400, as nothing was decoded or recorded.
 */
final class UnreadableBodyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreadableBodyException(IOException cause) {
    super(
        "the request body could not be read to its end (connection closed early or broken chunked encoding)",
        cause);
  }
}
