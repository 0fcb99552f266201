package io.mercato.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The fixed world {@link SyntheticTraffic} draws from: items with a category and a price, and ad
 * campaigns each targeting one category with a few ads. Built once from a seeded generator, so the
 * same seed gives the same catalog. Immutable.
 *
 * <p>Items are {@code p-1 .. p-N}, spread evenly over the categories; within a category the
 * popularity order is a seeded shuffle (so {@code p-1} is not always the best seller) and draws follow
 * a {@link Zipf} distribution over that order.
 */
public final class Catalog {
  /** Category names, in order; a catalog uses the first {@code categories} of them. */
  public static final List<String> CATEGORY_NAMES =
      List.of(
          "electronics",
          "books",
          "sports",
          "fashion",
          "home",
          "beauty",
          "toys",
          "grocery",
          "garden",
          "automotive",
          "music",
          "health");

  /** Typical item price per category, in currency units (same order as {@link #CATEGORY_NAMES}). */
  private static final double[] BASE_PRICE = {149, 16, 45, 39, 59, 24, 29, 8, 34, 65, 19, 22};

  /** One item. */
  public record Item(String id, String category, double price) {}

  /** One ad of a campaign, with the click-through rate the generator uses for it. */
  public record Ad(String id, String campaignId, String category, double ctr) {}

  /** A campaign promoting one category. */
  public record Campaign(String id, String category, List<Ad> ads) {}

  private static final String[][] CAMPAIGNS = {
    {"tech-week", "electronics"},
    {"back-to-school", "books"},
    {"spring-sale", "fashion"},
    {"fit-new-year", "sports"},
    {"home-refresh", "home"}
  };
  private static final int ADS_PER_CAMPAIGN = 3;

  private final List<String> categories;
  private final List<List<Item>> itemsByCategory; // in popularity order
  private final List<Campaign> campaigns;
  private final List<Ad> ads;
  private final Zipf[] popularity;
  private final int itemCount;

  /**
   * @param items      number of items, at least the number of categories
   * @param categories number of categories, 1 to {@link #CATEGORY_NAMES}{@code .size()}
   * @param exponent   Zipf exponent of item popularity within a category (1.0 is typical)
   */
  public Catalog(int items, int categories, double exponent, RandomGenerator random) {
    if (categories < 1 || categories > CATEGORY_NAMES.size()) {
      throw new IllegalArgumentException(
          "categories must be between 1 and " + CATEGORY_NAMES.size() + " but was " + categories);
    }
    if (items < categories) {
      throw new IllegalArgumentException(
          "items must be at least the number of categories (" + categories + ") but was " + items);
    }
    this.categories = CATEGORY_NAMES.subList(0, categories);
    this.itemCount = items;
    List<List<Item>> byCategory = new ArrayList<>(categories);
    for (int c = 0; c < categories; c++) {
      byCategory.add(new ArrayList<>());
    }
    for (int i = 0; i < items; i++) {
      int c = i % categories;
      // Log-normal spread around the category's typical price, rounded to x.99 like a shop would.
      double price = BASE_PRICE[c] * Math.exp(0.5 * random.nextGaussian());
      price = Math.max(0.99, Math.floor(price) + 0.99);
      byCategory.get(c).add(new Item("p-" + (i + 1), this.categories.get(c), price));
    }
    this.popularity = new Zipf[categories];
    for (int c = 0; c < categories; c++) {
      shuffle(byCategory.get(c), random);
      popularity[c] = new Zipf(byCategory.get(c).size(), exponent);
    }
    this.itemsByCategory = byCategory.stream().map(List::copyOf).toList();

    List<Campaign> cs = new ArrayList<>();
    List<Ad> allAds = new ArrayList<>();
    int adNo = 0;
    for (String[] def : CAMPAIGNS) {
      if (!this.categories.contains(def[1])) {
        continue;
      }
      List<Ad> campaignAds = new ArrayList<>();
      for (int a = 0; a < ADS_PER_CAMPAIGN; a++) {
        double ctr = 0.01 + 0.04 * random.nextDouble(); // 1% to 5%, typical display-ad CTRs
        Ad ad = new Ad("ad-" + (++adNo), def[0], def[1], ctr);
        campaignAds.add(ad);
        allAds.add(ad);
      }
      cs.add(new Campaign(def[0], def[1], List.copyOf(campaignAds)));
    }
    this.campaigns = List.copyOf(cs);
    this.ads = List.copyOf(allAds);
  }

  public List<String> categories() {
    return categories;
  }

  public int itemCount() {
    return itemCount;
  }

  /** Items of category index {@code c}, most popular first. */
  public List<Item> items(int c) {
    return itemsByCategory.get(c);
  }

  public List<Campaign> campaigns() {
    return campaigns;
  }

  public List<Ad> ads() {
    return ads;
  }

  /** Draws an item of category index {@code c} by popularity. */
  public Item sampleItem(int c, RandomGenerator random) {
    return itemsByCategory.get(c).get(popularity[c].sample(random));
  }

  /** The popularity distribution of category index {@code c}. */
  public Zipf popularity(int c) {
    return popularity[c];
  }

  private static <T> void shuffle(List<T> list, RandomGenerator random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
