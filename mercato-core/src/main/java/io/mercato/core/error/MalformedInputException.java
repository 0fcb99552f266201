package io.mercato.core.error;

/**
 * Input that is not well-formed (not JSON, a truncated document, a CSV line with an unbalanced quote).
 * Carries the position so a client can find the fault: line and column are 1-based, {@code offset}
 * is the 0-based byte offset; any of them is -1 when unknown.
 */
public class MalformedInputException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final long line;
  private final long column;
  private final long offset;

  public MalformedInputException(String message, long line, long column, long offset) {
    super(message);
    this.line = line;
    this.column = column;
    this.offset = offset;
  }

  public long line() {
    return line;
  }

  public long column() {
    return column;
  }

  public long offset() {
    return offset;
  }
}
