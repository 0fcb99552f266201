package io.mercato.app.config;

import java.util.Objects;

/**
 * One value set on the command line for a configuration key.
 *
 * @param path   dotted key path, e.g. {@code server.port}
 * @param value  the value as typed
 * @param origin how it was given, for error messages, e.g. {@code --port} or {@code --set}
 */
public record ConfigOverride(String path, String value, String origin) {
  public ConfigOverride {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }

  /** Parses {@code key=value} as given to {@code --set}. */
  public static ConfigOverride parseSet(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "--set expects KEY=VALUE, e.g. --set journal.fsync=interval; got \"" + assignment + "\"");
    }
    return new ConfigOverride(
        assignment.substring(0, eq).trim(), assignment.substring(eq + 1), "--set");
  }
}
