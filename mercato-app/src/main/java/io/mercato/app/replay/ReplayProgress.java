package io.mercato.app.replay;

/** Progress reporting of a replay; {@link #NONE} when nobody watches. */
public interface ReplayProgress extends AutoCloseable {
  /** Reports the file position and the events read so far. */
  void update(long bytesRead, long eventsRead);

  @Override
  void close();

  /** Reports nothing. */
  ReplayProgress NONE =
      new ReplayProgress() {
        @Override
        public void update(long bytesRead, long eventsRead) {}

        @Override
        public void close() {}
      };
}
