package io.mercato.core.ads.decide;

import java.util.concurrent.atomic.AtomicLong;

/** Impressions and clicks of one ad, one campaign × category pair, one campaign or everything. */
final class CtrCounter {
  final AtomicLong impressions = new AtomicLong();
  final AtomicLong clicks = new AtomicLong();

  CtrCounter() {}

  CtrCounter(long impressions, long clicks) {
    this.impressions.set(impressions);
    this.clicks.set(clicks);
  }
}
