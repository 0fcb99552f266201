package io.mercato.app.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The formats {@code mercato replay} reads, and how a file's name maps to one. */
public enum FileFormat {
  /** One JSON event object per line ({@code .jsonl}, {@code .ndjson}, {@code .json}). */
  JSONL,
  /** A header row, then one event per row ({@code .csv}, {@code .tsv}). */
  CSV;

  /**
   * The format implied by {@code file}'s extension (a trailing {@code .gz} is looked through), or
   * null when the extension says nothing.
   */
  public static FileFormat fromName(Path file) {
    String name = stripGz(file.getFileName().toString().toLowerCase(Locale.ROOT));
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return CSV;
    }
    return null;
  }

  /** True when {@code file} is gzip-compressed by its name. */
  static boolean gzipped(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /** True for a {@code .tsv} (tab-separated) name. */
  public static boolean tabSeparated(Path file) {
    return stripGz(file.getFileName().toString().toLowerCase(Locale.ROOT)).endsWith(".tsv");
  }

  /** Opens {@code file} for reading through {@code counter}, decompressing {@code .gz}. */
  static InputStream open(Path file, CountingInputStream[] counter) throws IOException {
    CountingInputStream raw = new CountingInputStream(Files.newInputStream(file));
    counter[0] = raw;
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    return gzipped(file) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  private static String stripGz(String name) {
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
