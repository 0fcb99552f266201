package io.mercato.bench.harness.fuzz;

import io.mercato.bench.harness.fuzz.OpenApiRoutes.Spec;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded sequence of fuzz requests. The same seed and clock give the same requests, whatever the
 * server answers (nothing here depends on the answers), so a failing request is found again from the
 * seed and its index. Event times follow the clock, as valid events must.
 *
 * <p>The sequence opens with a valid batch (so the server's newest event time is now), the live
 * campaign and ad, and one hostile request for every route of the table in order (so every route is
 * fuzzed even in a short run); then, per thousand: 150 valid batches, 280 hostile event bodies, 400
 * hostile requests to a random route, 40 protocol tricks, 50 unknown paths, 30 valid decisions, 15
 * CEL cost bombs, 10 KPI streams, 10 slow bodies and 15 more route requests. One body in 5,000 stalls.
 * Not thread-safe.
 */
public final class RequestGenerator {
  private final SplittableRandom random;
  private final OpenApiRoutes api;
  private final EventRequests events;
  private final RouteRequests routes;
  private final AdRequests ads;
  private final ValidEvents valid;
  private final Deque<FuzzCase> queued = new ArrayDeque<>();
  private long index;

  /**
   * @param seed  the run's seed: same seed, same requests
   * @param clock "now" for event times and campaign dates
   */
  public RequestGenerator(long seed, InstantSource clock) {
    SplittableRandom root = new SplittableRandom(seed);
    this.random = root.split();
    this.api = OpenApiRoutes.load();
    this.valid =
        new ValidEvents(root.split(), clock, "fz" + Long.toString(seed & 0xffff, 36) + "-");
    this.events = new EventRequests(root.split(), valid, new EventMutations(root.split(), clock));
    this.routes = new RouteRequests(root.split(), api, valid);
    this.ads = new AdRequests(root.split(), clock, valid);
  }

  /** The routes it fuzzes: {@code Routes.ALL} with what the OpenAPI document says of each. */
  public List<String> routes() {
    return api.all().stream().map(s -> s.route().toString()).toList();
  }

  /** Every user id valid events may name: whose profiles must survive restarts unchanged. */
  public List<String> users() {
    return valid.users();
  }

  /** The next request. */
  public FuzzCase next() {
    if (index == 0) {
      queued.add(events.valid(index++));
      for (FuzzCase c : ads.setup(index)) {
        queued.add(c);
        index++;
      }
      for (Spec s : api.all()) {
        queued.add(routes.forRoute(index++, s));
      }
    }
    if (!queued.isEmpty()) {
      return queued.poll();
    }
    long i = index++;
    if (i % 5000 == 2500) {
      return events.stalled(i);
    }
    int r = random.nextInt(1000);
    if (r < 150) {
      return events.valid(i);
    } else if (r < 430) {
      return events.hostile(i);
    } else if (r < 830) {
      return routes.forRoute(i, randomSpec());
    } else if (r < 870) {
      return routes.protocol(i, randomSpec());
    } else if (r < 920) {
      return routes.unknownPath(i);
    } else if (r < 950) {
      return ads.decision(i);
    } else if (r < 965) {
      return ads.celBomb(i);
    } else if (r < 975) {
      return ads.kpiStream(i);
    } else if (r < 985) {
      return events.slow(i);
    }
    return routes.forRoute(i, randomSpec());
  }

  private Spec randomSpec() {
    List<Spec> all = api.all();
    return all.get(random.nextInt(all.size()));
  }
}
