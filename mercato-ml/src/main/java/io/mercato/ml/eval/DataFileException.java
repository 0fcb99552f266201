package io.mercato.ml.eval;

import io.mercato.core.error.MalformedInputException;
import java.nio.file.Path;

/**
 * A line of an evaluation input file that cannot be used. The message names the file and the
 * 1-based line, e.g. {@code u.data line 17: expected 4 tab-separated fields (user, item, rating,
 * timestamp) but found 3}, so the fault can be found with {@code sed -n 17p u.data}.
 */
public final class DataFileException extends MalformedInputException {
  private static final long serialVersionUID = 1L;
  private final String file;

  public DataFileException(Path file, long line, String problem) {
    super(file + " line " + line + ": " + problem, line, -1, -1);
    this.file = file.toString();
  }

  /** The file, as it was named to the reader. */
  public String file() {
    return file;
  }
}
