package io.mercato.server;

/**
 * An item that has no catalog entry and no retained event (never seen, or idle for longer than the
 * longest window plus the allowed lateness). Answered 404 ({@code not-found}) by {@link Problems}.
 */
final class ItemNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ItemNotFoundException(String itemId) {
    super("no item \"" + itemId + "\": it has no catalog entry and no retained event");
  }
}
