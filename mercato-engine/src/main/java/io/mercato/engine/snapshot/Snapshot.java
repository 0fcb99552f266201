package io.mercato.engine.snapshot;

import java.util.List;

/**
 * The engine's state as of one journal sequence.
 *
 * @param sequence      every journal record up to and including this one is reflected
 * @param createdMillis when it was taken (epoch ms)
 * @param dedup         the encoded dedup index
 * @param shards        the encoded state of each shard, in shard order
 * @param reco          the encoded recommendation state, or an empty array when the snapshot has none
 *                      (snapshots of version 1, written before recommendations existed)
 * @param ads           the encoded ad ledger (caps, spend, KPI series), or an empty array when the
 *                      snapshot has none (versions 1 and 2, written before ad decisions existed)
 */
public record Snapshot(
    long sequence, long createdMillis, byte[] dedup, List<byte[]> shards, byte[] reco, byte[] ads) {
  public Snapshot {
    shards = List.copyOf(shards);
    reco = reco == null ? new byte[0] : reco;
    ads = ads == null ? new byte[0] : ads;
  }

  /** The bytes of every part together (about the file's size). */
  public long byteSize() {
    long n = dedup.length + (long) reco.length + ads.length;
    for (byte[] b : shards) {
      n += b.length;
    }
    return n;
  }

  /** A snapshot without an ad ledger. */
  public Snapshot(
      long sequence, long createdMillis, byte[] dedup, List<byte[]> shards, byte[] reco) {
    this(sequence, createdMillis, dedup, shards, reco, new byte[0]);
  }

  /** A snapshot without recommendation state. */
  public Snapshot(long sequence, long createdMillis, byte[] dedup, List<byte[]> shards) {
    this(sequence, createdMillis, dedup, shards, new byte[0], new byte[0]);
  }
}
