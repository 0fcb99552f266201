package io.mercato.engine;

import java.util.Locale;

/**
 * Where the engine's recovery stands (or, once READY, how the last one went): for {@code /ready},
 * {@link EngineStatus}, the periodic recovery log line and the {@code mercato_recovery_*} metrics.
 *
 * @param phase               see {@link Phase}
 * @param snapshotSequence    journal sequence the loaded snapshot covers (0: none)
 * @param snapshotBytes       size of the snapshot file being loaded or loaded (0: none)
 * @param snapshotPartsLoaded state parts decoded so far (shards, recommendations, ledger)
 * @param snapshotParts       state parts the snapshot has
 * @param replayed            journal records replayed so far
 * @param toReplay            journal records the replay has to go through (known once the journal
 *                            is open; 0 before)
 * @param elapsedSeconds      since recovery started (its total once DONE)
 * @param recordsPerSecond    replay rate so far; 0 before the replay
 * @param etaSeconds          estimated seconds until the replay ends, from its rate so far; null when
 *                            not replaying or no rate is known yet
 */
public record RecoveryStatus(
    Phase phase,
    long snapshotSequence,
    long snapshotBytes,
    int snapshotPartsLoaded,
    int snapshotParts,
    long replayed,
    long toReplay,
    double elapsedSeconds,
    double recordsPerSecond,
    Double etaSeconds) {

  /** The steps of a recovery, in order. */
  public enum Phase {
    /** Opening the catalog and campaign stores. */
    STARTING,
    /** Reading and decoding the newest intact snapshot. */
    LOADING_SNAPSHOT,
    /** Opening the journal: every segment's records are checked (lengths, checksums, sequences). */
    CHECKING_JOURNAL,
    /** Applying the journal records after the snapshot. */
    REPLAYING_JOURNAL,
    /** Recovered: the engine is (or was) ready. */
    DONE,
    /** Recovery failed; the engine's detail says why. */
    FAILED;

    /** The stable code, e.g. {@code replaying_journal}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Share of the journal tail replayed, 0 to 1 (1 once done, also when there was nothing to replay). */
  public double replayFraction() {
    if (phase == Phase.DONE) {
      return 1;
    }
    return toReplay == 0 ? 0 : Math.min(1, replayed / (double) toReplay);
  }

  /**
   * One line for people, e.g. {@code replaying the journal: 1,234,567 of 2,500,000 records (49%),
   * 41,020 records/s, about 31 s left}.
   */
  public String describe() {
    return switch (phase) {
      case STARTING -> "starting: opening the catalog and campaign stores";
      case LOADING_SNAPSHOT ->
          String.format(
              Locale.ROOT,
              "loading the snapshot at journal sequence %,d (%,d bytes): %d of %d parts decoded, %.0f s so far",
              snapshotSequence,
              snapshotBytes,
              snapshotPartsLoaded,
              snapshotParts,
              elapsedSeconds);
      case CHECKING_JOURNAL ->
          String.format(
              Locale.ROOT,
              "checking the journal's segments (lengths, checksums, sequences), %.0f s so far",
              elapsedSeconds);
      case REPLAYING_JOURNAL ->
          String.format(
              Locale.ROOT,
              "replaying the journal: %,d of %,d records (%d%%)%s%s",
              replayed,
              toReplay,
              (int) Math.floor(100 * replayFraction()),
              recordsPerSecond > 0
                  ? String.format(Locale.ROOT, ", %,.0f records/s", recordsPerSecond)
                  : "",
              etaSeconds == null
                  ? ""
                  : String.format(Locale.ROOT, ", about %.0f s left", Math.ceil(etaSeconds)));
      case DONE ->
          String.format(
              Locale.ROOT,
              "recovered in %.1f s: snapshot at sequence %,d, %,d journal records replayed",
              elapsedSeconds,
              snapshotSequence,
              replayed);
      case FAILED -> String.format(Locale.ROOT, "recovery failed after %.1f s", elapsedSeconds);
    };
  }
}
