package io.mercato.engine.catalog;

import java.nio.file.Path;

/**
 * A catalog file holds invalid data where acknowledged catalog changes must be (anything but a torn
 * tail of the change log). The store refuses to drop acknowledged changes silently; an operator has
 * to restore or remove the file. The message names the file and, where known, the byte offset.
 */
public final class CatalogCorruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file   the damaged file
   * @param offset byte offset of the invalid data, or -1 when it concerns the whole file
   * @param reason what is wrong there
   */
  public CatalogCorruptedException(Path file, long offset, String reason) {
    super(
        "catalog file "
            + file
            + " is corrupted"
            + (offset >= 0 ? " at byte offset " + offset : "")
            + ": "
            + reason);
  }
}
