package io.mercato.engine.snapshot;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in one directory, named {@code snapshot-<sequence>.bin}. A snapshot is written to a
 * temporary file, fsynced, atomically renamed and the directory fsynced, so a crash leaves either the
 * old or the new snapshot, never half of one.
 *
 * <pre>
 * file: "MSNP" | int version=3 | long sequence | long createdMillis | blob dedup | varint shards | blob*
 *       | blob reco | blob ads | int crc32c
 * (blob = varint length + bytes; crc32c covers every byte before it)
 * version 1 (still read) ends after the shard blobs: it has no recommendation state.
 * version 2 (still read) ends after the reco blob: it has no ad ledger.
 * </pre>
 */
public final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final byte[] MAGIC = {'M', 'S', 'N', 'P'};
  private static final int VERSION = 3;
  private final Path dir;
  private final int keep;

  public SnapshotStore(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create snapshot directory " + dir, e);
    }
  }

  /** Writes {@code s} durably and deletes all but the newest {@code keep} snapshots. */
  public Path write(Snapshot s) {
    BinaryWriter w = new BinaryWriter(1024 + s.dedup().length);
    w.writeBytes(MAGIC, 0, 4)
        .writeInt(VERSION)
        .writeLong(s.sequence())
        .writeLong(s.createdMillis());
    w.writeBlob(s.dedup()).writeVarLong(s.shards().size());
    for (byte[] shard : s.shards()) {
      w.writeBlob(shard);
    }
    w.writeBlob(s.reco());
    w.writeBlob(s.ads());
    byte[] body = w.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    Path target = dir.resolve(String.format("snapshot-%020d.bin", s.sequence()));
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf =
            ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + target, e);
    }
    prune();
    return target;
  }

  /** The newest snapshot that reads back intact; a damaged newer one is logged and skipped. */
  public Optional<Snapshot> loadLatest() {
    List<Path> files = list();
    for (int i = files.size() - 1; i >= 0; i--) {
      Path f = files.get(i);
      try {
        return Optional.of(read(f));
      } catch (IOException | CorruptDataException e) {
        LOG.warn("snapshot {} is unreadable ({}); trying an older one", f, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Snapshot files, oldest first. */
  public List<Path> list() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("snapshot-\\d{20}\\.bin"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Snapshot read(Path f) throws IOException {
    byte[] all = Files.readAllBytes(f);
    if (all.length < 4 + 4 + 16 + 4) {
      throw new CorruptDataException("file too short: " + all.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptDataException("checksum mismatch");
    }
    BinaryReader r = new BinaryReader(all, 0, all.length - 4);
    for (byte b : MAGIC) {
      if (r.readByte() != (b & 0xFF)) {
        throw new CorruptDataException("not a Mercato snapshot (bad magic)");
      }
    }
    int version = r.readInt();
    if (version < 1 || version > VERSION) {
      throw new CorruptDataException("unknown snapshot version " + version);
    }
    long seq = r.readLong();
    long created = r.readLong();
    byte[] dedup = r.readBlob();
    int n = r.readLength(65_536);
    List<byte[]> shards = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      shards.add(r.readBlob());
    }
    byte[] reco = version >= 2 ? r.readBlob() : new byte[0];
    byte[] ads = version >= 3 ? r.readBlob() : new byte[0];
    r.expectEnd();
    return new Snapshot(seq, created, dedup, shards, reco, ads);
  }

  private void prune() {
    List<Path> files = list();
    for (int i = 0; i < files.size() - keep; i++) {
      try {
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        LOG.warn("cannot delete old snapshot {}: {}", files.get(i), e.getMessage());
      }
    }
  }

  private void fsyncDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename itself is still atomic there.
      LOG.debug("directory fsync not supported for {}: {}", dir, e.getMessage());
    }
  }
}
