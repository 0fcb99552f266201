package io.mercato.ml.rank;

import io.mercato.core.reco.RecoView;

/**
 * What the ranker's features read: the live state as of a moment. Offline, {@link EventLogState}
 * replays an event log into it in event-time order; later the engine's live state implements it.
 *
 * <p><b>Point-in-time contract.</b> Every query names the row's time {@code atMillis}; an
 * implementation must answer from events at or before it only, and must throw
 * {@link IllegalStateException} when it already holds an event after it (its
 * {@link #asOfMillis()} is later), rather than answer with the future. Windows end at
 * {@code atMillis} inclusive. Unknown ids answer 0, NaN or -1 as documented, never throw.
 */
public interface FeatureState {
  /** Event types the counters distinguish. */
  enum Kind {
    VIEW,
    CLICK,
    CART,
    PURCHASE,
    OTHER
  }

  /** The newest event time applied, epoch milliseconds; {@link Long#MIN_VALUE} before any. */
  long asOfMillis();

  /** The recommendation state (histories, co-occurrence, popularity) the first-stage strategies read. */
  RecoView reco();

  /**
   * Events of {@code kind} on {@code itemId} in {@code (atMillis − windowMillis, atMillis]}, at hour
   * granularity for windows of an hour or more; 0 for an unknown item.
   */
  long itemCount(String itemId, Kind kind, long windowMillis, long atMillis);

  /** Events of {@code kind} on every item in the same window ({@link #itemCount}'s global prior). */
  long globalCount(Kind kind, long windowMillis, long atMillis);

  /** When the item was first seen in an event, epoch ms, or -1. */
  long itemFirstSeen(String itemId, long atMillis);

  /** The item's category (catalog, else the last one its events carried), or null. */
  String category(String itemId);

  /** The item's price (catalog or events' {@code price} attribute), or NaN when unknown. */
  double price(String itemId, long atMillis);

  /** The item's discount in [0, 1] (events' {@code discount} attribute), or NaN when unknown. */
  double discount(String itemId, long atMillis);

  /**
   * The user's affinity to the category at {@code atMillis}: interaction weights summed with a 1-day
   * half-life; 0 when unknown.
   */
  double categoryAffinity(String userId, String category, long atMillis);

  /** When the user last touched the category, epoch ms, or -1. */
  long lastTouch(String userId, String category, long atMillis);

  /**
   * The user's current session at {@code atMillis} (events no more than 30 minutes apart, the last one
   * within 30 minutes of {@code atMillis}): its events, distinct categories, and events in
   * {@code category}; all 0 without a current session.
   */
  Session session(String userId, String category, long atMillis);

  /**
   * A user's current session.
   *
   * @param events          events in it
   * @param categories      distinct categories of its events
   * @param inCategory      its events in the asked category
   */
  record Session(int events, int categories, int inCategory) {
    public static final Session NONE = new Session(0, 0, 0);
  }
}
