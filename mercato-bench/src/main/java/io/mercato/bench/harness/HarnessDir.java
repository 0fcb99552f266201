package io.mercato.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary directory of a correctness harness ({@code bench fuzz}, {@code bench soak}): data
 * directories and server logs, deleted when the run passed, kept (and named) when it failed so the
 * failure can be looked into.
 */
final class HarnessDir {
  private HarnessDir() {}

  static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** Deletes {@code dir} after a run that passed; names it after one that failed. */
  static void finish(Path dir, boolean passed, PrintStream log) {
    if (!passed) {
      log.println("data directory and server logs kept in " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
