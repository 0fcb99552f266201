package io.mercato.core.error;

/**
 * Root of Mercato's unchecked exception family (ARCHITECTURE.md §4.6). Edges map subclasses to
 * precise responses in one place (the HTTP layer maps them to {@code application/problem+json}).
 */
public class MercatoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MercatoException(String message) {
    super(message);
  }

  public MercatoException(String message, Throwable cause) {
    super(message, cause);
  }
}
