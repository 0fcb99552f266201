package io.mercato.testkit.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a throwaway Kafka broker (KRaft, child JVM) with the default topics {@code mercato.events}
 * (2 partitions) and {@code mercato.events.dead}, and a private redis-server, for trying the cluster
 * runtime and for {@code mercato bench cluster}; prints where they listen, and stops them on Ctrl-C. Run by {@code scripts/cluster-infra.sh}, which puts {@code kafka_2.13} on the classpath.
 *
 * <p>Prints {@code kafka=HOST:PORT} and {@code redis=redis://HOST:PORT} lines, then {@code ready}.
 */
public final class DevInfra {
  private DevInfra() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("mercato-infra-");
    KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
    // The default topics of cluster mode: API nodes are not ready and the job's source fails over
    // until they exist (the broker's auto-creation does not answer a consumer's metadata request).
    kafka.createTopic("mercato.events", 2);
    kafka.createTopic("mercato.events.dead", 1);
    RedisServer redis = RedisServer.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  redis.close();
                  kafka.close();
                  stopped.countDown();
                },
                "infra-stop"));
    System.out.println("kafka=" + kafka.bootstrap());
    System.out.println("redis=" + redis.uri());
    System.out.println("ready");
    System.out.flush();
    stopped.await();
  }
}
