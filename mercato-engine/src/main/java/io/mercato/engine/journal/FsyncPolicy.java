package io.mercato.engine.journal;

/**
 * When an appended record becomes durable, that is, when {@link Journal#awaitDurable(long)} completes
 * and {@link Journal#durableSequence()} moves past it.
 */
public enum FsyncPolicy {

  /**
   * Group commit (the default). A record is durable once an fsync ({@code FileChannel.force(false)})
   * that covers it has returned. One flusher thread writes and fsyncs whatever was appended since
   * its previous fsync, so concurrent callers share one fsync. Nothing acknowledged is lost, even on
   * power loss, provided the device honours fsync.
   */
  GROUP,

  /**
   * A record is durable once it is written to the operating system (page cache); the flusher fsyncs
   * every {@link JournalConfig#fsyncInterval()}. A process crash loses nothing; a power loss or kernel
   * crash loses at most the last {@code fsyncInterval} of acknowledged records.
   */
  INTERVAL,

  /**
   * A record is durable once it is written to the operating system; the journal fsyncs only on
   * {@link Journal#close()}, leaving the rest to the operating system. A process crash loses nothing;
   * a power loss or kernel crash can lose whatever the operating system had not yet written back.
   */
  NEVER
}
