package io.mercato.engine;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.EngineUnavailableException;
import java.util.List;
import java.util.Objects;

/**
 * An {@link ImpressionSink} bound once, by recovery, to the ingest pipeline. The ad side must exist
 * before the pipeline (journal replay charges its ledger), and the pipeline charges the ad side's
 * ledger with every event it accepts; this breaks that circle. Decisions are only served once the
 * engine is READY, after the binding.
 */
final class LateImpressionSink implements ImpressionSink {
  private volatile ImpressionSink target;

  void bind(ImpressionSink sink) {
    if (target != null) {
      throw new IllegalStateException("already bound");
    }
    this.target = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void record(List<Event> impressions) {
    ImpressionSink t = target;
    if (t == null) {
      throw new EngineUnavailableException("engine is recovering: ad decisions are not served yet");
    }
    t.record(impressions);
  }
}
