package io.mercato.app.http;

import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * What {@code POST /v1/events} answered for one batch.
 *
 * @param accepted   events newly recorded
 * @param duplicates events whose id was seen before (acknowledged, counted once)
 * @param sampled    events acknowledged but dropped by the server's ingestion sampling
 * @param rejected   events not recorded, indexed by position in the batch, with the reason the server
 *                   gave ({@code invalid} when it gave none); raw text is not echoed back
 */
public record PostResult(int accepted, int duplicates, int sampled, List<Rejection> rejected) {
  public PostResult {
    rejected = List.copyOf(rejected);
  }
}
