package io.mercato.server;

/**
 * A statistics read for a scope key the engine retains nothing about: never seen, or idle for longer
 * than the longest window plus the allowed lateness (idle keys are then dropped). Answered 404
 * ({@code not-found}) by {@link Problems}.
 */
final class StatsNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param scope the scope name, e.g. {@code item} or {@code campaign_id+category}
   * @param key   the key that has no statistics
   */
  StatsNotFoundException(String scope, String key) {
    super("no statistics for " + scope + " \"" + key + "\": no event of it is retained");
  }
}
