package io.mercato.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.decide.CapCheck;
import io.mercato.core.ads.decide.Micros;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.server.backend.BackendUnavailableException;
import io.mercato.store.redis.RedisKeys;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.redis.RedisStoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frequency caps and budget spend of the cluster runtime, shared by every API node through Redis,
 * with the guarantees of the embedded {@link io.mercato.core.ads.decide.AdLedger#reserve}: concurrent
 * reservations, from any number of nodes, never exceed a user's cap nor a campaign's budget or daily
 * pacing allowance.
 *
 * <p>Each guarantee is one Lua script, atomic in Redis, on one key: the user's impressions
 * ({@link RedisKeys#caps}: a sorted set of the last 24 hours, scored by time) and the campaign's spend
 * ({@link RedisKeys#spend}: a hash of the total and today's spend in micros). The two keys live in
 * different hash slots (one user's keys in one slot, one campaign's in another), so on Redis Cluster
 * no single script may touch both; {@link #reserve} therefore takes the cap first and, when the budget
 * then refuses, gives it back. In between, a concurrent reservation for the same user may see one
 * impression too many and be refused: the error is on the safe side, a cap is never exceeded.
 *
 * <p>Thread-safe; no state on the node.
 */
public final class RedisAdLedger {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  /**
   * KEYS[1] the user's caps. ARGV: now, ad id, campaign id, ad/hour, ad/day, campaign/hour,
   * campaign/day, event id. Counts impressions in (now - span, ...], like the embedded UserCaps.
   * Returns 0 when recorded, else 1..4: the first cap that refused, in CapCheck order.
   */
  private static final String RESERVE_CAP =
      """
      local now = tonumber(ARGV[1])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 86400000)
      local entries = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - 86400000), '+inf', 'WITHSCORES')
      local adHour, adDay, campHour, campDay = 0, 0, 0, 0
      for i = 1, #entries, 2 do
        local e = cjson.decode(entries[i])
        local t = tonumber(entries[i + 1])
        if e[2] == ARGV[2] then
          adDay = adDay + 1
          if t > now - 3600000 then adHour = adHour + 1 end
        end
        if e[3] == ARGV[3] then
          campDay = campDay + 1
          if t > now - 3600000 then campHour = campHour + 1 end
        end
      end
      if adHour >= tonumber(ARGV[4]) then return 1 end
      if adDay >= tonumber(ARGV[5]) then return 2 end
      if campHour >= tonumber(ARGV[6]) then return 3 end
      if campDay >= tonumber(ARGV[7]) then return 4 end
      redis.call('ZADD', KEYS[1], now, cjson.encode({ARGV[8], ARGV[2], ARGV[3]}))
      redis.call('PEXPIRE', KEYS[1], 86400000)
      return 0
      """;

  /** KEYS[1] the user's caps. ARGV: event id, ad id, campaign id. Removes that impression. */
  private static final String CANCEL_CAP =
      """
      return redis.call('ZREM', KEYS[1], cjson.encode({ARGV[1], ARGV[2], ARGV[3]}))
      """;

  /**
   * KEYS[1] the campaign's spend. ARGV: campaign day (epoch day), cost, today's allowance, total
   * budget, spend not reserved here today and in total (micros; clicks and client-reported
   * impressions, as the stream job counted them). Returns 1 and adds the cost when both fit, else 0
   * and changes nothing.
   */
  private static final String RESERVE_SPEND =
      """
      local day = ARGV[1]
      local cost = tonumber(ARGV[2])
      local daySpend = tonumber(ARGV[5] or '0')
      if redis.call('HGET', KEYS[1], 'day') == day then
        daySpend = daySpend + tonumber(redis.call('HGET', KEYS[1], 'day_spend') or '0')
      end
      local total = tonumber(redis.call('HGET', KEYS[1], 'total') or '0') + tonumber(ARGV[6] or '0')
      if daySpend + cost > tonumber(ARGV[3]) or total + cost > tonumber(ARGV[4]) then return 0 end
      redis.call('HSET', KEYS[1], 'day', day, 'day_spend', tostring(daySpend + cost), 'total', tostring(total + cost))
      return 1
      """;

  /** KEYS[1] the campaign's spend. ARGV: campaign day, cost. Gives back a reserved cost. */
  private static final String CANCEL_SPEND =
      """
      local cost = tonumber(ARGV[2])
      if redis.call('HGET', KEYS[1], 'day') == ARGV[1] then
        redis.call('HSET', KEYS[1], 'day_spend', tostring(tonumber(redis.call('HGET', KEYS[1], 'day_spend')) - cost))
      end
      redis.call('HSET', KEYS[1], 'total', tostring(tonumber(redis.call('HGET', KEYS[1], 'total') or '0') - cost))
      return 1
      """;

  private static final CapCheck[] REFUSALS = {
    CapCheck.OK,
    CapCheck.AD_PER_HOUR,
    CapCheck.AD_PER_DAY,
    CapCheck.CAMPAIGN_PER_HOUR,
    CapCheck.CAMPAIGN_PER_DAY
  };

  private final RedisStateStore store;
  private final RedisKeys keys;
  private final Pacing pacing;

  public RedisAdLedger(RedisStateStore store, Pacing pacing) {
    this.store = store;
    this.keys = store.keys();
    this.pacing = pacing;
  }

  /**
   * Serves {@code ad} to {@code userId} at {@code now} if the campaign's caps and budget allow,
   * recording the impression under {@code eventId} (unique per reservation). Returns
   * {@link CapCheck#OK} when recorded, otherwise the first rule that refused, and then nothing is
   * recorded.
   *
   * @throws BackendUnavailableException when Redis fails (what was reserved is given back if possible)
   */
  public CapCheck reserve(String userId, Ad ad, Campaign c, Instant now, String eventId) {
    return reserve(userId, ad, c, now, eventId, new long[2]);
  }

  /**
   * As {@link #reserve(String, Ad, Campaign, Instant, String)}, counting {@code unreservedMicros}
   * ({@code [total, today]}: what the campaign was charged besides these reservations, from its
   * {@link io.mercato.core.ads.decide.CampaignStats#unreservedSpendMicros}) toward the budgets.
   */
  public CapCheck reserve(
      String userId, Ad ad, Campaign c, Instant now, String eventId, long[] unreservedMicros) {
    FrequencyCaps limits = c.caps();
    String capsKey = keys.caps(userId);
    long refused =
        eval(
            RESERVE_CAP,
            capsKey,
            Long.toString(now.toEpochMilli()),
            ad.id(),
            c.id(),
            Integer.toString(limits.adPerHour()),
            Integer.toString(limits.adPerDay()),
            Integer.toString(limits.campaignPerHour()),
            Integer.toString(limits.campaignPerDay()),
            eventId);
    if (refused != 0) {
      return REFUSALS[(int) refused];
    }
    long fits;
    try {
      fits =
          eval(
              RESERVE_SPEND,
              keys.spend(c.id()),
              Long.toString(c.dayOf(now).toEpochDay()),
              Long.toString(micros(ad.bid().costPerImpression())),
              Long.toString(pacing.allowanceMicros(c, now)),
              Long.toString(micros(c.totalBudget())),
              Long.toString(unreservedMicros[1]),
              Long.toString(unreservedMicros[0]));
    } catch (BackendUnavailableException e) {
      cancelCap(capsKey, eventId, ad, c);
      throw e;
    }
    if (fits == 0) {
      cancelCap(capsKey, eventId, ad, c);
      return CapCheck.BUDGET;
    }
    return CapCheck.OK;
  }

  /**
   * Undoes a reservation that {@link #reserve} returned OK for (its impression was never shown, e.g.
   * Kafka refused the impression event).
   */
  public void cancel(String userId, Ad ad, Campaign c, Instant reservedAt, String eventId) {
    cancelCap(keys.caps(userId), eventId, ad, c);
    eval(
        CANCEL_SPEND,
        keys.spend(c.id()),
        Long.toString(c.dayOf(reservedAt).toEpochDay()),
        Long.toString(micros(ad.bid().costPerImpression())));
  }

  private void cancelCap(String capsKey, String eventId, Ad ad, Campaign c) {
    eval(CANCEL_CAP, capsKey, eventId, ad.id(), c.id());
  }

  /** The campaign's total spend so far, in micros (0 before any). */
  public long spentMicros(String campaignId) {
    try {
      byte[] v = store.await(store.commands().hget(keys.spend(campaignId), "total"));
      return v == null ? 0 : (long) Double.parseDouble(new String(v, StandardCharsets.UTF_8));
    } catch (RedisStoreException e) {
      throw unavailable(e);
    }
  }

  /** What reservations charged a campaign: {@code [total, on epochDay]} in micros. */
  public long[] reservedMicros(String campaignId, long epochDay) {
    try {
      List<KeyValue<String, byte[]>> v =
          store.await(store.commands().hmget(keys.spend(campaignId), "total", "day", "day_spend"));
      long total = v.get(0).hasValue() ? number(v.get(0).getValue()) : 0;
      boolean today = v.get(1).hasValue() && number(v.get(1).getValue()) == epochDay;
      long day = today && v.get(2).hasValue() ? number(v.get(2).getValue()) : 0;
      return new long[] {total, day};
    } catch (RedisStoreException e) {
      throw unavailable(e);
    }
  }

  /**
   * The user's impressions in the 24 hours before {@code now}, per ad and campaign, as
   * {@link io.mercato.core.ads.decide.AdState#capCounts}: {@code "a:" + ad} and {@code "c:" + campaign}
   * → {@code [last hour, last 24 hours]}.
   */
  public Map<String, int[]> capCounts(String userId, Instant now) {
    long t = now.toEpochMilli();
    List<ScoredValue<byte[]>> entries;
    try {
      entries =
          store.await(
              store
                  .commands()
                  .zrangebyscoreWithScores(
                      keys.caps(userId),
                      Range.create((double) (t - DAY + 1), Double.POSITIVE_INFINITY)));
    } catch (RedisStoreException e) {
      throw unavailable(e);
    }
    Map<String, int[]> out = new HashMap<>();
    for (ScoredValue<byte[]> e : entries) {
      String[] member = decodeMember(new String(e.getValue(), StandardCharsets.UTF_8));
      boolean lastHour = e.getScore() > t - HOUR;
      for (String key : new String[] {"a:" + member[1], "c:" + member[2]}) {
        int[] c = out.computeIfAbsent(key, k -> new int[2]);
        c[0] += lastHour ? 1 : 0;
        c[1]++;
      }
    }
    return out;
  }

  /** A caps member is cjson's {@code ["event id","ad id","campaign id"]}. */
  private static String[] decodeMember(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      String[] out = new String[3];
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalStateException("not an array");
      }
      for (int i = 0; i < 3; i++) {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          throw new IllegalStateException("not a string");
        }
        out[i] = p.getText();
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("unreadable frequency-cap entry in Redis: " + json, e);
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  private static long number(byte[] b) {
    return (long) Double.parseDouble(new String(b, StandardCharsets.UTF_8));
  }

  private long eval(String script, String key, String... args) {
    byte[][] values = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      values[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    try {
      Long result =
          store.await(
              store
                  .commands()
                  .<Long>eval(script, ScriptOutputType.INTEGER, new String[] {key}, values));
      return result;
    } catch (RedisStoreException e) {
      throw unavailable(e);
    }
  }

  private static BackendUnavailableException unavailable(RedisStoreException e) {
    return new BackendUnavailableException(
        "the state store (Redis) failed or cannot be reached; retry later", e);
  }

  /**
   * {@code amount} in micros exactly as the embedded ledger counts money ({@link Micros#of}: saturated,
   * so a budget accepted up to 10^14 never throws here while a decision is being made).
   */
  static long micros(BigDecimal amount) {
    return Micros.of(amount);
  }
}
