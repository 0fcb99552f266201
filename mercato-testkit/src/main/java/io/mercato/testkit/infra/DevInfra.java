package io.mercato.testkit.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a throwaway Kafka broker (KRaft, child JVM) and a private redis-server for trying the
 * cluster runtime and for {@code mercato bench cluster}, prints where they listen, and stops them on
 * Ctrl-C. Run by {@code scripts/cluster-infra.sh}, which puts {@code kafka_2.13} on the classpath.
 *
 * <p>Prints {@code kafka=HOST:PORT} and {@code redis=redis://HOST:PORT} lines, then {@code ready}.
 */
public final class DevInfra {
  private DevInfra() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("mercato-infra-");
    KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
    RedisServer redis = RedisServer.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      redis.close();
      kafka.close();
      stopped.countDown();
    }, "infra-stop"));
    System.out.println("kafka=" + kafka.bootstrap());
    System.out.println("redis=" + redis.uri());
    System.out.println("ready");
    System.out.flush();
    stopped.await();
  }
}
