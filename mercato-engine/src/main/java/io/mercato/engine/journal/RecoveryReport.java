package io.mercato.engine.journal;

/**
 * What {@link Journal#open} found on disk.
 *
 * @param segments          number of segment files kept after recovery
 * @param records           number of valid records found in them
 * @param lastSequence      highest sequence found (0 for an empty journal); the next append gets
 *                          {@code lastSequence + 1}
 * @param truncatedBytes    bytes dropped from a torn tail: truncated record bytes plus the size of any
 *                          deleted half-created segment file; 0 if nothing was dropped
 * @param truncationReason  file, byte offset and reason of what was dropped, or {@code null} if nothing was
 */
public record RecoveryReport(
    int segments, long records, long lastSequence, long truncatedBytes, String truncationReason) {

  /** Whether recovery dropped anything. */
  public boolean truncated() {
    return truncationReason != null;
  }
}
