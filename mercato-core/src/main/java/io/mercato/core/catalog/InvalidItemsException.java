package io.mercato.core.catalog;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog batch with at least one invalid item. Catalog batches are all-or-nothing, so nothing of
 * it may be stored. {@link #rejected()} lists each bad item with its index; {@link #errors()} (the
 * {@link ValidationException} view) flattens them with an indexed path, e.g. {@code [3].price}.
 */
public class InvalidItemsException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final transient List<ItemRejection> rejected;
  private final int total;

  /**
   * @param rejected the invalid items, in batch order; not empty
   * @param total    number of items in the batch
   */
  public InvalidItemsException(List<ItemRejection> rejected, int total) {
    super(flatten(rejected));
    this.rejected = List.copyOf(rejected);
    this.total = total;
  }

  /** Each invalid item with its 0-based index, in batch order. */
  public List<ItemRejection> rejected() {
    return rejected;
  }

  /** Number of items in the batch, valid or not. */
  public int total() {
    return total;
  }

  @Override
  public String getMessage() {
    return rejected.size() + " of " + total + (total == 1 ? " item" : " items")
        + (rejected.size() == 1 ? " is" : " are") + " invalid; nothing was stored. " + super.getMessage();
  }

  private static List<FieldError> flatten(List<ItemRejection> rejected) {
    List<FieldError> all = new ArrayList<>();
    for (ItemRejection r : rejected) {
      for (FieldError e : r.errors()) {
        String field = e.field().equals("item") ? "[" + r.index() + "]" : "[" + r.index() + "]." + e.field();
        all.add(new FieldError(field, e.message()));
      }
    }
    return all;
  }
}
