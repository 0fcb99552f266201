package io.mercato.engine;

/**
 * A point-in-time view of the engine for {@code /ready} and operators.
 *
 * @param state                 RECOVERING, READY, FAILED or CLOSED
 * @param detail                why it is not ready, or null
 * @param shards                number of shards
 * @param queued                events waiting in shard queues
 * @param lastSequence          last journal sequence appended
 * @param durableSequence       last journal sequence durable under the fsync policy
 * @param snapshotSequence      journal sequence covered by the newest snapshot (0 if none)
 * @param recoveredFromSnapshot events restored from the snapshot at startup
 * @param replayedEvents        journal records replayed at startup
 * @param recovery              where recovery stands while RECOVERING (phase, records replayed of
 *                              total, rate, ETA); afterwards how the last one went
 */
public record EngineStatus(
    State state,
    String detail,
    int shards,
    long queued,
    long lastSequence,
    long durableSequence,
    long snapshotSequence,
    long recoveredFromSnapshot,
    long replayedEvents,
    RecoveryStatus recovery) {

  /** Lifecycle of the engine. */
  public enum State {
    RECOVERING,
    READY,
    FAILED,
    CLOSED
  }

  public boolean ready() {
    return state == State.READY;
  }
}
