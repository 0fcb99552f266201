package io.mercato.engine.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A segment holds invalid data where acknowledged records must be (anywhere but a torn tail of the
 * last segment). The journal refuses to drop acknowledged records silently; an operator has to restore
 * or remove the file. The message names the file and the byte offset.
 */
public final class JournalCorruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /**
   * @param file   the segment file
   * @param offset byte offset of the invalid header or record within the file
   * @param reason what is wrong there
   */
  public JournalCorruptedException(Path file, long offset, String reason) {
    super("journal segment " + file + " is corrupted at byte offset " + offset + ": " + reason);
    this.file = Objects.requireNonNull(file, "file");
    this.offset = offset;
  }

  /** The corrupted segment file. */
  public Path file() {
    return file;
  }

  /** Byte offset of the invalid data within {@link #file()}. */
  public long offset() {
    return offset;
  }
}
