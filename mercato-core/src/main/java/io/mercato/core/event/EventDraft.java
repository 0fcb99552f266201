package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutable, not-yet-validated event as read from some format (JSON, CSV). Readers fill the fields
 * they could decode and record type errors (e.g. "value must be a number") in {@link #errors};
 * {@link EventValidator} then checks every rule and either builds an {@link Event} or reports all
 * errors at once. Not thread-safe; one draft per event.
 */
public final class EventDraft {
  public String eventId;
  public String type;
  public String userId;
  public String itemId;
  public String adId;
  public String campaignId;
  public String category;
  public Double value;
  public Long timestampMillis;

  /** Attribute values are String, Long, Double or Boolean; insertion order is kept. */
  public final Map<String, Object> attributes = new LinkedHashMap<>();

  /**
   * Errors found while decoding (wrong JSON type, unparseable timestamp, unknown field...): the first
   * {@value #MAX_ERRORS}; the rest are only counted in {@link #omittedErrors}, so an object of a
   * million unknown fields costs a few lines of answer, not a million.
   */
  public final List<FieldError> errors = new ArrayList<>(0);

  /** Decoding errors beyond the first {@value #MAX_ERRORS}, counted but not kept. */
  public int omittedErrors;

  /** Most decoding errors kept per event. */
  public static final int MAX_ERRORS = 32;

  /** Records a decoding error for {@code field}. */
  public void error(String field, String message) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(new FieldError(field, message));
    } else {
      omittedErrors++;
    }
  }
}
