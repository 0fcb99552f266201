package io.mercato.app.http;

import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * What {@code POST /v1/events} answered for one batch.
 *
 * @param accepted   events newly recorded
 * @param duplicates events whose id was seen before (acknowledged, counted once)
 * @param rejected   invalid events, indexed by position in the batch (raw text is not echoed back)
 */
public record PostResult(int accepted, int duplicates, List<Rejection> rejected) {
  public PostResult {
    rejected = List.copyOf(rejected);
  }
}
