package io.mercato.store.redis;

import io.mercato.core.state.StateKey;
import io.mercato.core.text.InvalidUnicodeException;
import io.mercato.core.text.Unicode;

/**
 * The Redis key layout of the cluster runtime (documented in the README, "Redis key layout").
 *
 * <pre>
 * {prefix}:{u:alice}            a user's profile          (UserProfile binary form)
 * {prefix}:{u:alice}:caps       the user's ad impressions (frequency caps, written by API nodes)
 * {prefix}:{i:p-7}              an item's statistics      (KeyState)
 * {prefix}:{c:sports}           a category's statistics   (KeyState with trending items)
 * {prefix}:{m:spring-sale}      a campaign's statistics   (KeyState with purchase values)
 * {prefix}:{a:ad-3}             an ad's windowed counts   (WindowedCounts)
 * {prefix}:{x:NAME|k1|k2}       a composite scope key     (WindowedCounts)
 * {prefix}:{g:0} … {g:N-1}      the global partitions     (GlobalAggregates)
 * {prefix}:{q:0}                recommendations, stream-wide: popularity reference, newest event time,
 *                               global popularity list (never expires)
 * {prefix}:{p:sports}           a category's popularity list
 * {prefix}:{h:alice}            a user's recommendation history (items, weights, types, norm)
 * {prefix}:{r:p-7}              an item's recommendation numbers (user count, popularity, category)
 * {prefix}:{n:p-7}              an item's item-CF neighbours and most recent users
 * {prefix}:{d:spring-sale}      a campaign's KPIs and ad statistics (CampaignStats: totals, spend,
 *                               per-minute series, participants, impressions and clicks per ad and
 *                               category; written by the job, never expires)
 * {prefix}:{m:spring-sale}:spend  the spend API nodes reserved for decisions' impressions (a hash:
 *                               day, day_spend, total in micros; atomic scripts of RedisAdLedger)
 * </pre>
 * The recommendation values ({@code q p h r n}) are written by the Flink job's single recommendation
 * writer in the forms of {@link io.mercato.core.reco.RecoServingForms}.
 *
 * The braces are Redis Cluster hash tags: only the text between them picks the slot, so every key of
 * one user (profile, caps) lives in one slot and can be read or changed atomically by one script,
 * while different users spread over the cluster. Inside the tag, {@code %}, <code>{</code> and
 * <code>}</code> of ids are percent-escaped so that an id can neither end the tag early nor collide
 * with another id's key. An id holding an unpaired UTF-16 surrogate is refused
 * ({@link InvalidUnicodeException}): Redis keys are bytes, and UTF-8 would turn it into {@code ?},
 * the key of another id. Values are the aggregates' versioned binary forms
 * ({@link io.mercato.core.state.KeyedAggregates#write}).
 */
public final class RedisKeys {
  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "mercato";

  private final String prefix;

  /** Keys under {@code prefix} (several deployments can share one Redis with different prefixes). */
  public RedisKeys(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException("prefix must be non-empty and without braces: " + prefix);
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The key holding the aggregate of {@code key}. */
  public String state(StateKey key) {
    return prefix + ":{" + escape(key.toString()) + "}";
  }

  /** The key holding a user's ad impressions for frequency caps (same slot as the profile). */
  public String caps(String userId) {
    return prefix + ":{" + escape("u:" + userId) + "}:caps";
  }

  /** The key holding a campaign's spend ledger, next to its statistics' slot. */
  public String spend(String campaignId) {
    return prefix + ":{" + escape("m:" + campaignId) + "}:spend";
  }

  /** A pattern matching every key of this prefix, for SCAN. */
  public String all() {
    return prefix + ":*";
  }

  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) && Unicode.unpairedSurrogate(s) >= 0) {
        throw new InvalidUnicodeException(s, Unicode.unpairedSurrogate(s));
      }
      String rep =
          switch (c) {
            case '%' -> "%25";
            case '{' -> "%7B";
            case '}' -> "%7D";
            default -> null;
          };
      if (rep != null && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (rep != null) {
          sb.append(rep);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
