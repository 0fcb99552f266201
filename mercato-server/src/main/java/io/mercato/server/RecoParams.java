package io.mercato.server;

import io.javalin.http.Context;
import io.mercato.core.error.ValidationException;
import io.mercato.core.reco.Strategy;
import java.util.Locale;

/** Query and body parameters shared by the recommendation endpoints. */
final class RecoParams {
  private RecoParams() {}

  /** The strategy named {@code value}, {@link Strategy#AUTO} when null. */
  static Strategy strategy(String field, String value) {
    if (value == null) {
      return Strategy.AUTO;
    }
    return Strategy.parse(value)
        .orElseThrow(
            () ->
                new ValidationException(
                    field,
                    "must be one of "
                        + String.join(", ", Strategy.apiNames())
                        + " but was \""
                        + value
                        + "\""));
  }

  /** A {@code true}/{@code false} query parameter, {@code defaultValue} when absent. */
  static boolean bool(Context ctx, String name, boolean defaultValue) {
    String v = QueryParams.optional(ctx, name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ValidationException(name, "must be true or false but was \"" + v + "\"");
    };
  }
}
