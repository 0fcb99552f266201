package io.mercato.server;

/** A read of something Mercato knows nothing about; answered 404 ({@code not-found}) by {@link Problems}. */
final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFoundException(String message) {
    super(message);
  }
}
