package io.mercato.core.ads.decide;

import java.util.Arrays;

/**
 * One user's impressions of the last 24 hours: parallel arrays of ad, campaign and time, oldest
 * first, pruned as time passes. Bounded by what the caps let through (plus impressions clients
 * report themselves). Callers synchronize on the instance: a cap check and the impression it lets
 * through are one atomic step.
 */
final class UserCaps {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  private String[] ads = new String[4];
  private String[] campaigns = new String[4];
  private long[] times = new long[4];
  private int size;

  /** Drops impressions older than 24 hours before {@code nowMillis}. */
  void prune(long nowMillis) {
    int drop = 0;
    while (drop < size && times[drop] <= nowMillis - DAY) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(ads, drop, ads, 0, size - drop);
      System.arraycopy(campaigns, drop, campaigns, 0, size - drop);
      System.arraycopy(times, drop, times, 0, size - drop);
      Arrays.fill(ads, size - drop, size, null);
      Arrays.fill(campaigns, size - drop, size, null);
      size -= drop;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Impressions of {@code adId} (or, when null, of any ad of {@code campaignId}) in (now - span, now]. */
  int count(String adId, String campaignId, long nowMillis, long spanMillis) {
    int n = 0;
    for (int i = size - 1; i >= 0 && times[i] > nowMillis - spanMillis; i--) {
      if (adId != null ? adId.equals(ads[i]) : campaignId.equals(campaigns[i])) {
        n++;
      }
    }
    return n;
  }

  /** Adds an impression, keeping the arrays ordered by time (a late report is inserted in place). */
  void add(String adId, String campaignId, long tMillis) {
    if (size == times.length) {
      int cap = size * 2;
      ads = Arrays.copyOf(ads, cap);
      campaigns = Arrays.copyOf(campaigns, cap);
      times = Arrays.copyOf(times, cap);
    }
    int i = size;
    while (i > 0 && times[i - 1] > tMillis) {
      ads[i] = ads[i - 1];
      campaigns[i] = campaigns[i - 1];
      times[i] = times[i - 1];
      i--;
    }
    ads[i] = adId;
    campaigns[i] = campaignId;
    times[i] = tMillis;
    size++;
  }

  /** Removes one impression equal to the given one (undoing a reservation); no-op when absent. */
  void remove(String adId, long tMillis) {
    for (int i = size - 1; i >= 0; i--) {
      if (times[i] == tMillis && adId.equals(ads[i])) {
        System.arraycopy(ads, i + 1, ads, i, size - i - 1);
        System.arraycopy(campaigns, i + 1, campaigns, i, size - i - 1);
        System.arraycopy(times, i + 1, times, i, size - i - 1);
        size--;
        ads[size] = null;
        campaigns[size] = null;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  String adAt(int i) {
    return ads[i];
  }

  String campaignAt(int i) {
    return campaigns[i];
  }

  long timeAt(int i) {
    return times[i];
  }
}
