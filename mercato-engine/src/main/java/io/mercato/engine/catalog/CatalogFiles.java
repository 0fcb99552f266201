package io.mercato.engine.catalog;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogItemCodec;
import io.mercato.core.catalog.ItemCatalog;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk formats of {@link CatalogStore} (all integers big-endian).
 *
 * <pre>
 * catalog.bin: "MCAT" | int version=1 | long generation | blob ItemCatalog v1 | int crc32c
 *              (crc32c over every byte before it; blob = varint length + bytes)
 * changes.log: "MCLG" | int version=1 | long generation, then records back to back:
 *              int length | int crc32c(payload) | payload
 *              payload v1: byte kind=1 (put) | varint n | CatalogItem v1 * n
 * </pre>
 * Both files are only ever created whole: written to {@code <name>.tmp}, fsynced, atomically renamed,
 * and the directory fsynced. Only appends to {@code changes.log} can be torn by a crash.
 */
final class CatalogFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogFiles.class);
  static final String SNAPSHOT = "catalog.bin";
  static final String CHANGES = "changes.log";
  static final int VERSION = 1;
  private static final int SNAPSHOT_MAGIC = 0x4D434154; // MCAT
  private static final int LOG_MAGIC = 0x4D434C47; // MCLG
  static final int LOG_HEADER_BYTES = 16;
  static final int RECORD_HEADER_BYTES = 8;

  /** Largest record payload; {@link CatalogStore#put} refuses batches that would encode larger. */
  static final int MAX_PAYLOAD_BYTES = 1 << 30;

  private static final int PUT = 1;

  private CatalogFiles() {}

  /** A decoded {@code catalog.bin}. */
  record Snapshot(long generation, ItemCatalog catalog) {}

  /**
   * Reads {@code catalog.bin}.
   *
   * @throws CatalogCorruptedException when it does not decode (it cannot be torn: it is renamed into place whole)
   */
  static Snapshot readSnapshot(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 4 + 4 + 8 + 4) {
      throw new CatalogCorruptedException(file, -1, "file too short: " + all.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    if (ByteBuffer.wrap(all, all.length - 4, 4).getInt() != (int) crc.getValue()) {
      throw new CatalogCorruptedException(file, -1, "checksum mismatch");
    }
    try {
      BinaryReader r = new BinaryReader(all, 0, all.length - 4);
      if (r.readInt() != SNAPSHOT_MAGIC) {
        throw new CatalogCorruptedException(file, 0, "not a Mercato catalog file (bad magic)");
      }
      int version = r.readInt();
      if (version != VERSION) {
        throw new CatalogCorruptedException(
            file, 4, "unknown catalog file version " + version + " (this build reads 1)");
      }
      long generation = r.readLong();
      byte[] body = r.readBlob();
      r.expectEnd();
      BinaryReader br = new BinaryReader(body);
      ItemCatalog catalog = ItemCatalog.read(br);
      br.expectEnd();
      return new Snapshot(generation, catalog);
    } catch (CorruptDataException e) {
      throw new CatalogCorruptedException(file, -1, e.getMessage());
    }
  }

  /** Writes {@code catalog.bin} atomically and durably. */
  static void writeSnapshot(Path dir, long generation, ItemCatalog catalog) throws IOException {
    BinaryWriter body = new BinaryWriter(64 * 1024);
    catalog.writeTo(body);
    BinaryWriter w = new BinaryWriter(body.size() + 32);
    w.writeInt(SNAPSHOT_MAGIC)
        .writeInt(VERSION)
        .writeLong(generation)
        .writeBlob(body.toByteArray());
    byte[] bytes = w.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    ByteBuffer buf =
        ByteBuffer.allocate(bytes.length + 4).put(bytes).putInt((int) crc.getValue()).flip();
    writeAtomically(dir, SNAPSHOT, buf);
  }

  /** Creates (or replaces) {@code changes.log} atomically as an empty log of {@code generation}. */
  static void createLog(Path dir, long generation) throws IOException {
    ByteBuffer header =
        ByteBuffer.allocate(LOG_HEADER_BYTES)
            .putInt(LOG_MAGIC)
            .putInt(VERSION)
            .putLong(generation)
            .flip();
    writeAtomically(dir, CHANGES, header);
  }

  /**
   * The generation in a log header.
   *
   * @throws CatalogCorruptedException when the header is incomplete or not a catalog log's (the log is
   *                                   created whole, so this is damage, not a torn write)
   */
  static long logGeneration(Path file, ByteBuffer header) {
    if (header.remaining() < LOG_HEADER_BYTES) {
      throw new CatalogCorruptedException(
          file,
          0,
          "log header is incomplete ("
              + header.remaining()
              + " of "
              + LOG_HEADER_BYTES
              + " bytes)");
    }
    int magic = header.getInt();
    int version = header.getInt();
    if (magic != LOG_MAGIC) {
      throw new CatalogCorruptedException(
          file, 0, String.format("log header has bad magic 0x%08X", magic));
    }
    if (version != VERSION) {
      throw new CatalogCorruptedException(
          file, 4, "unknown catalog log version " + version + " (this build reads 1)");
    }
    return header.getLong();
  }

  /** A framed put record of {@code items}: header and payload, ready to append. */
  static ByteBuffer putRecord(List<CatalogItem> items) {
    BinaryWriter w = new BinaryWriter(RECORD_HEADER_BYTES + 64 * Math.max(1, items.size()));
    w.writeInt(0).writeInt(0); // header, filled in below
    w.writeByte(PUT).writeVarLong(items.size());
    for (CatalogItem item : items) {
      CatalogItemCodec.write(item, w);
    }
    byte[] bytes = w.toByteArray();
    int length = bytes.length - RECORD_HEADER_BYTES;
    if (length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "a catalog batch may encode to at most "
              + MAX_PAYLOAD_BYTES
              + " bytes but this one takes "
              + length
              + "; split it");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, RECORD_HEADER_BYTES, length);
    return ByteBuffer.wrap(bytes).putInt(0, length).putInt(4, (int) crc.getValue());
  }

  /** CRC-32C of a payload, as stored in its record header. */
  static int checksum(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  /** The items of a record payload whose checksum matched. */
  static List<CatalogItem> decodePayload(byte[] payload) {
    BinaryReader r = new BinaryReader(payload);
    int kind = r.readByte();
    if (kind != PUT) {
      throw new CorruptDataException("unknown catalog change kind " + kind);
    }
    int n = r.readLength(payload.length);
    List<CatalogItem> items = new ArrayList<>(Math.min(n, 4096));
    for (int i = 0; i < n; i++) {
      items.add(CatalogItemCodec.read(r));
    }
    r.expectEnd();
    return items;
  }

  private static void writeAtomically(Path dir, String name, ByteBuffer content)
      throws IOException {
    Path target = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (content.hasRemaining()) {
        ch.write(content);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(dir);
  }

  /** Makes a rename or creation in {@code dir} durable; best effort where directories cannot be opened. */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("directory fsync not supported for {}: {}", dir, e.toString());
    }
  }
}
