package io.mercato.engine.catalog;

/**
 * A write, fsync or compaction of the catalog failed, or the store is closed. After an I/O failure
 * the store accepts no more writes (the state of a file whose fsync failed is unknown) but keeps
 * serving reads from memory; restart the process, and recovery keeps exactly what is on disk.
 */
public final class CatalogFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
