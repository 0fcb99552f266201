package io.mercato.server;

import io.javalin.http.Context;
import io.mercato.core.error.ValidationException;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;

/**
 * Reading query parameters of the read endpoints. A parameter that is given must be valid: an empty
 * value ({@code ?type=}) is refused rather than read as absent, so a client's templating mistake is
 * reported instead of silently widening the query. Every refusal is a {@link ValidationException}
 * naming the parameter (400 {@code invalid-request}).
 */
final class QueryParams {
  private QueryParams() {}

  /** The value of {@code name}, or null when absent. */
  static String optional(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v != null && v.isBlank()) {
      throw new ValidationException(name, "must not be blank; leave the parameter out instead");
    }
    return v;
  }

  /** The window named by {@code name}, or {@code defaultName}'s when absent (which must exist too). */
  static Window window(Context ctx, String name, Windows windows, String defaultName) {
    String v = optional(ctx, name);
    return windows.byName(v == null ? defaultName : v);
  }

  /**
   * An integer in {@code [min, max]}, {@code defaultValue} when absent.
   *
   * @throws ValidationException on field {@code name} when not an integer or out of range
   */
  static int intInRange(Context ctx, String name, int min, int max, int defaultValue) {
    String v = optional(ctx, name);
    if (v == null) {
      return defaultValue;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ValidationException(
          name, "must be an integer in " + min + ".." + max + " but was \"" + v + "\"");
    }
    if (n < min || n > max) {
      throw new ValidationException(
          name, "must be an integer in " + min + ".." + max + " but was " + n);
    }
    return n;
  }
}
