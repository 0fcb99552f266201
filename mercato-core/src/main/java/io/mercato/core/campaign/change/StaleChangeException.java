package io.mercato.core.campaign.change;

import io.mercato.core.error.MercatoException;

/**
 * A change planned from a value that is no longer current: someone (or something) changed the field
 * in between. Nothing of the change was applied; plan it again from the current value. The HTTP edge
 * answers 409.
 */
public class StaleChangeException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final EntityRef entity;
  private final ChangeField field;
  private final String expected;
  private final String actual;

  public StaleChangeException(EntityRef entity, ChangeField field, String expected, String actual) {
    super(
        field.wireName()
            + " of "
            + entity
            + " changed since the change was planned: it was "
            + expected
            + " and is now "
            + (actual == null
                ? "gone (the " + entity.kind().wireName() + " was deleted)"
                : actual));
    this.entity = entity;
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }

  public EntityRef entity() {
    return entity;
  }

  public ChangeField field() {
    return field;
  }

  /** The value the change was planned from. */
  public String expected() {
    return expected;
  }

  /** The current value, or null when the entity no longer exists. */
  public String actual() {
    return actual;
  }
}
