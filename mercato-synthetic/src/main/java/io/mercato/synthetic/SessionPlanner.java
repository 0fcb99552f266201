package io.mercato.synthetic;

import io.mercato.core.event.EventTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Plans one shopping session of one user as a sequence of events without times or ids (those are
 * stamped when {@link SyntheticTraffic} emits them).
 *
 * <p>The funnel, with ratios in the range public e-commerce benchmarks report: about 6 product views
 * per session (geometric), 80% of them in the user's preferred categories; a view is followed by a
 * click (on a recommendation or "details") with probability {@value #CLICK_RATE}, a click by an
 * add-to-cart with {@value #CART_RATE}, and a cart item is bought at the end of the session with
 * {@value #PURCHASE_RATE}, giving about 1.7% purchases per view. Half of the views show an ad
 * impression (the campaign of the viewed category when there is one, 60% of the time), clicked at the
 * ad's CTR (1–5%). A purchase in a session that clicked an ad also yields a {@code conversion} for
 * that ad's campaign, and 2% of sessions start with a {@code campaign_join}.
 */
final class SessionPlanner {
  static final double CLICK_RATE = 0.2;
  static final double CART_RATE = 0.25;
  static final double PURCHASE_RATE = 0.35;
  static final double IMPRESSION_RATE = 0.5;
  static final double PREFERRED_SHARE = 0.8;
  private static final double MEAN_VIEWS = 6;
  private static final int MAX_VIEWS = 40;
  private static final String[] DEVICES = {
    "mobile", "mobile", "mobile", "desktop", "desktop", "tablet"
  };

  /** An event to emit, missing only its id and time. */
  record Planned(
      String type,
      String userId,
      String itemId,
      String adId,
      String campaignId,
      String category,
      Double value,
      Map<String, Object> attributes) {}

  private final Catalog catalog;

  SessionPlanner(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Plans a session of {@code userId}, who prefers the category indexes {@code preferred}. */
  ArrayDeque<Planned> plan(String userId, int[] preferred, RandomGenerator random) {
    ArrayDeque<Planned> out = new ArrayDeque<>();
    String device = DEVICES[random.nextInt(DEVICES.length)];
    Map<String, Object> viewAttrs = Map.of("device", device);
    if (!catalog.campaigns().isEmpty() && random.nextDouble() < 0.02) {
      Catalog.Campaign c = catalog.campaigns().get(random.nextInt(catalog.campaigns().size()));
      out.add(
          new Planned(
              EventTypes.CAMPAIGN_JOIN, userId, null, null, c.id(), c.category(), null, Map.of()));
    }
    List<Catalog.Item> cart = new ArrayList<>();
    Catalog.Ad clickedAd = null;
    int views = Math.min(MAX_VIEWS, 1 + geometric(MEAN_VIEWS - 1, random));
    for (int v = 0; v < views; v++) {
      int c =
          random.nextDouble() < PREFERRED_SHARE
              ? preferred[random.nextInt(preferred.length)]
              : random.nextInt(catalog.categories().size());
      Catalog.Item item = catalog.sampleItem(c, random);
      out.add(
          new Planned(
              EventTypes.VIEW, userId, item.id(), null, null, item.category(), null, viewAttrs));
      if (random.nextDouble() < IMPRESSION_RATE && !catalog.ads().isEmpty()) {
        Catalog.Ad ad = pickAd(item.category(), random);
        Map<String, Object> placement = ordered("placement", "product_page", "device", device);
        out.add(
            new Planned(
                EventTypes.IMPRESSION,
                userId,
                null,
                ad.id(),
                ad.campaignId(),
                ad.category(),
                null,
                placement));
        if (random.nextDouble() < ad.ctr()) {
          out.add(
              new Planned(
                  EventTypes.AD_CLICK,
                  userId,
                  null,
                  ad.id(),
                  ad.campaignId(),
                  ad.category(),
                  null,
                  placement));
          clickedAd = ad;
        }
      }
      if (random.nextDouble() < CLICK_RATE) {
        out.add(
            new Planned(
                EventTypes.CLICK, userId, item.id(), null, null, item.category(), null, viewAttrs));
        if (random.nextDouble() < CART_RATE) {
          out.add(
              new Planned(
                  EventTypes.ADD_TO_CART,
                  userId,
                  item.id(),
                  null,
                  null,
                  item.category(),
                  item.price(),
                  Map.of()));
          cart.add(item);
        }
      }
    }
    double revenue = 0;
    for (Catalog.Item item : cart) {
      if (random.nextDouble() < PURCHASE_RATE) {
        long quantity = random.nextDouble() < 0.1 ? 2 : 1;
        double value = Math.round(item.price() * quantity * 100) / 100.0;
        Map<String, Object> attrs = ordered("quantity", quantity, "currency", "EUR");
        out.add(
            new Planned(
                EventTypes.PURCHASE, userId, item.id(), null, null, item.category(), value, attrs));
        revenue += value;
      }
    }
    if (revenue > 0 && clickedAd != null) {
      out.add(
          new Planned(
              EventTypes.CONVERSION,
              userId,
              null,
              clickedAd.id(),
              clickedAd.campaignId(),
              clickedAd.category(),
              Math.round(revenue * 100) / 100.0,
              Map.of()));
    }
    return out;
  }

  private Catalog.Ad pickAd(String category, RandomGenerator random) {
    if (random.nextDouble() < 0.6) {
      for (Catalog.Campaign c : catalog.campaigns()) {
        if (c.category().equals(category)) {
          return c.ads().get(random.nextInt(c.ads().size()));
        }
      }
    }
    return catalog.ads().get(random.nextInt(catalog.ads().size()));
  }

  /**
   * An unmodifiable map in the given order. {@code Map.of} would do, but its iteration order changes
   * from one JVM run to the next, and the JSON bytes of a seeded stream must not.
   */
  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>(4);
    m.put(k1, v1);
    m.put(k2, v2);
    return Collections.unmodifiableMap(m);
  }

  /** Number of failures before the first success, with the given mean. */
  private static int geometric(double mean, RandomGenerator random) {
    double p = 1.0 / (mean + 1);
    return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
  }
}
