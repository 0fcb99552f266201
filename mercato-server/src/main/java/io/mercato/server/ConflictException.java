package io.mercato.server;

import java.util.Map;

/**
 * A request that conflicts with the current state (a rule id taken, ...), answered by {@link Problems}
 * with its own problem type slug and extension members. Nothing of the request was applied.
 */
final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String slug;
  private final String title;
  private final transient Map<String, Object> extensions;

  ConflictException(
      int status, String slug, String title, String detail, Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extensions = Map.copyOf(extensions);
  }

  int status() {
    return status;
  }

  String slug() {
    return slug;
  }

  String title() {
    return title;
  }

  Map<String, Object> extensions() {
    return extensions;
  }
}
