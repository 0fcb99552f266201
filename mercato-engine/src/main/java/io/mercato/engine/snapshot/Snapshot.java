package io.mercato.engine.snapshot;

import java.util.List;

/**
 * The engine's state as of one journal sequence.
 *
 * @param sequence      every journal record up to and including this one is reflected
 * @param createdMillis when it was taken (epoch ms)
 * @param dedup         the encoded dedup index
 * @param shards        the encoded state of each shard, in shard order
 */
public record Snapshot(long sequence, long createdMillis, byte[] dedup, List<byte[]> shards) {
  public Snapshot {
    shards = List.copyOf(shards);
  }
}
