package io.mercato.flink.it;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that collects strings in this JVM (the MiniCluster runs here), under a name unique to the
 * instance, so a test can read what the job emitted.
 */
public final class CollectingSink implements Sink<String> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<String>> COLLECTED = new ConcurrentHashMap<>();
  private final String name = UUID.randomUUID().toString();

  public CollectingSink() {
    COLLECTED.put(name, new ConcurrentLinkedQueue<>());
  }

  /** Everything collected so far. */
  public List<String> collected() {
    return List.copyOf(COLLECTED.get(name));
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    Queue<String> q = COLLECTED.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(String element, Context ctx) {
        q.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
