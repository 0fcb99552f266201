package io.mercato.server;

import java.util.List;

/** The request's Content-Type is missing or not one the route reads; answered with 415. */
final class UnsupportedMediaTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> accepted;

  /**
   * @param message  what is wrong, for the client
   * @param accepted the media types the route accepts
   */
  UnsupportedMediaTypeException(String message, List<String> accepted) {
    super(message);
    this.accepted = List.copyOf(accepted);
  }

  List<String> accepted() {
    return accepted;
  }
}
