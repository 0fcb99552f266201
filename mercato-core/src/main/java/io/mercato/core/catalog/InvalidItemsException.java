package io.mercato.core.catalog;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog batch with at least one invalid item. Catalog batches are all-or-nothing, so nothing of
 * it may be stored. {@link #rejected()} lists the first {@value #MAX_LISTED} bad items with their
 * index and {@link #rejectedCount()} counts them all; {@link #errors()} (the {@link ValidationException}
 * view) flattens the first errors with an indexed path, e.g. {@code [3].price}, and
 * {@link #errorCount()} counts them all. A batch of a million bad items is answered in bounded size.
 */
public class InvalidItemsException extends ValidationException {
  /** Most invalid items {@link #rejected()} lists. */
  public static final int MAX_LISTED = 1_000;

  private static final long serialVersionUID = 1L;
  private final transient List<ItemRejection> rejected;
  private final int rejectedCount;
  private final int total;

  /**
   * @param rejected the invalid items, in batch order; not empty
   * @param total    number of items in the batch
   */
  public InvalidItemsException(List<ItemRejection> rejected, int total) {
    super(flatten(rejected), countErrors(rejected));
    this.rejected =
        List.copyOf(rejected.size() <= MAX_LISTED ? rejected : rejected.subList(0, MAX_LISTED));
    this.rejectedCount = rejected.size();
    this.total = total;
  }

  /** The first {@value #MAX_LISTED} invalid items with their 0-based index, in batch order. */
  public List<ItemRejection> rejected() {
    return rejected;
  }

  /** How many items are invalid, listed or not. */
  public int rejectedCount() {
    return rejectedCount;
  }

  /** Number of items in the batch, valid or not. */
  public int total() {
    return total;
  }

  @Override
  public String getMessage() {
    return rejectedCount
        + " of "
        + total
        + (total == 1 ? " item" : " items")
        + (rejectedCount == 1 ? " is" : " are")
        + " invalid; nothing was stored. "
        + super.getMessage();
  }

  private static int countErrors(List<ItemRejection> rejected) {
    int n = 0;
    for (ItemRejection r : rejected) {
      n += r.errors().size();
    }
    return n;
  }

  /** The first errors with indexed fields: as many as {@link ValidationException} lists. */
  private static List<FieldError> flatten(List<ItemRejection> rejected) {
    List<FieldError> first = new ArrayList<>();
    for (ItemRejection r : rejected) {
      for (FieldError e : r.errors()) {
        if (first.size() == MAX_LISTED_ERRORS) {
          return first;
        }
        String field =
            e.field().equals("item") ? "[" + r.index() + "]" : "[" + r.index() + "]." + e.field();
        first.add(new FieldError(field, e.message()));
      }
    }
    return first;
  }

  private static final int MAX_LISTED_ERRORS = ValidationException.MAX_LISTED;
}
