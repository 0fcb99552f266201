package io.mercato.core.quality;

import io.mercato.core.error.ValidationException;

/**
 * The name of an ingestion source: {@code http} (the default of {@code POST /v1/events}), what a
 * client passes as {@code source} (a tracker's name, e.g. {@code web} or {@code ios-app}),
 * {@code replay:<file>} for file replays, {@code kafka:<topic>} for the Flink job. Dead letters,
 * the data-quality accounting and volume monitoring are kept per source, so a broken tracker shows
 * as its own series.
 *
 * <p>The rule is the event contract's id rule: non-blank, at most {@value #MAX_LENGTH} code points,
 * no control characters.
 */
public final class SourceName {
  /** The source of {@code POST /v1/events} when the client names none. */
  public static final String HTTP = "http";

  /** Longest name, in code points. */
  public static final int MAX_LENGTH = 128;

  private SourceName() {}

  /**
   * {@code name} when it follows the rule.
   *
   * @throws ValidationException on field {@code field} saying what is wrong
   */
  public static String check(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_LENGTH) {
      throw new ValidationException(
          field, "must be at most " + MAX_LENGTH + " characters but has " + length);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new ValidationException(
            field,
            "must not contain control characters (found U+"
                + String.format("%04X", (int) c)
                + " at position "
                + i
                + ")");
      }
    }
    return name;
  }

  /**
   * The source of a replay of a file named {@code fileName} (its last path element, e.g.
   * {@code events.csv}): {@code replay:events.csv}, with control characters replaced by {@code _} and
   * cut to {@value #MAX_LENGTH} code points, so it follows the rule; the same whether the replay writes
   * into a data directory or posts to a server.
   */
  public static String replay(String fileName) {
    StringBuilder b = new StringBuilder("replay:");
    fileName.chars().forEach(c -> b.append(Character.isISOControl(c) ? '_' : (char) c));
    String name = b.toString();
    if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
      return name;
    }
    return name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
  }

  /** The source of events the Flink job reads from {@code topic}. */
  public static String kafka(String topic) {
    return "kafka:" + topic;
  }
}
