package io.mercato.bench;

import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoState;
import io.mercato.synthetic.SyntheticTraffic;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommendation benchmarks' world, as the end-to-end {@code mercato bench reco} harness builds it:
 * {@value #USERS} users and {@value #ITEMS} items with Zipf popularity, events 2 ms apart in event
 * time, and only the events the engine hands to the recommendation writer (an item and a positive
 * interaction weight under {@link RecoConfig#defaults()}). Not thread-safe.
 */
final class RecoTraffic {
  static final int USERS = 100_000;
  static final int ITEMS = 20_000;

  private final RecoConfig config = RecoConfig.defaults();
  private final SyntheticTraffic traffic;

  RecoTraffic() {
    this.traffic =
        SyntheticTraffic.builder()
            .seed(Streams.SEED)
            .idPrefix("reco-")
            .users(USERS)
            .items(ITEMS)
            .clock(new Streams.SteppedClock(Streams.START.toEpochMilli(), 2))
            .build();
  }

  RecoConfig config() {
    return config;
  }

  /** A state holding the next {@code interactions} interactions. */
  RecoState warmState(int interactions) {
    RecoState state = new RecoState(config);
    int chunk = 50_000; // bounded garbage while warming
    for (int done = 0; done < interactions; done += chunk) {
      for (Event e : next(Math.min(chunk, interactions - done))) {
        state.apply(e);
      }
    }
    return state;
  }

  /** The next {@code n} interactions. */
  List<Event> next(int n) {
    List<Event> out = new ArrayList<>(n);
    while (out.size() < n) {
      Event e = traffic.next();
      if (config.weights().isInteraction(e)) {
        out.add(e);
      }
    }
    return out;
  }
}
