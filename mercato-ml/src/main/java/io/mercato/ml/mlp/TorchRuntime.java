package io.mercato.ml.mlp;

import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * The PyTorch engine of DJL, started once per process, offline.
 *
 * <p>The CPU native library ({@code ai.djl.pytorch:pytorch-native-cpu}, linux-x86_64) and DJL's JNI
 * bridge ({@code pytorch-jni}) are jars on the classpath. On first use DJL extracts them into its
 * engine cache directory, {@code <cache>/pytorch/2.7.1-20250812-cpu-linux-x86_64/} (about 430 MB, once per
 * machine and version; later starts reuse it). {@link #start()} forces offline mode
 * ({@code ai.djl.offline=true}), so a missing or mismatched native library fails with an
 * {@link ai.djl.engine.EngineException} instead of a download attempt.
 *
 * <p>The cache directory, in order of precedence: the system property or environment variable
 * {@code ENGINE_CACHE_DIR}, then {@code DJL_CACHE_DIR} (DJL's own settings), else
 * {@code ~/.mercato/djl} (this class's default, instead of DJL's {@code ~/.djl.ai}, so what Mercato
 * extracts stays with Mercato).
 *
 * <p>PyTorch's thread pools default to one thread each (system properties
 * {@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads} override).
 */
public final class TorchRuntime {
  /** Where the native library is extracted when neither DJL setting is given. */
  public static final Path DEFAULT_CACHE =
      Path.of(System.getProperty("user.home"), ".mercato", "djl");

  private static volatile Engine engine;

  private TorchRuntime() {}

  /**
   * The PyTorch engine, loading the native library on the first call (thread-safe; later calls are
   * a volatile read).
   *
   * @throws ai.djl.engine.EngineException when the native library cannot be loaded (wrong platform,
   *     an unwritable cache directory)
   */
  public static Engine start() {
    Engine e = engine;
    if (e == null) {
      synchronized (TorchRuntime.class) {
        e = engine;
        if (e == null) {
          System.setProperty("ai.djl.offline", "true");
          // One intra-op thread unless configured: requests score small batches, concurrency comes
          // from the
          // request threads, and OpenMP workers spinning on a loaded 2-core machine made p90
          // latency 50×
          // worse with 2 threads (MlpLatencyBench). Training then uses one core, leaving the other
          // to serving.
          setIfAbsent("ai.djl.pytorch.num_threads", "1");
          setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
          if (setting("ENGINE_CACHE_DIR") == null && setting("DJL_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", DEFAULT_CACHE.toString());
          }
          e = Engine.getEngine("PyTorch");
          engine = e;
        }
      }
    }
    return e;
  }

  /** The directory the native library is (or will be) extracted under. */
  public static Path cacheDir() {
    String s = setting("ENGINE_CACHE_DIR");
    if (s == null) {
      s = setting("DJL_CACHE_DIR");
    }
    return s == null ? DEFAULT_CACHE : Path.of(s);
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private static String setting(String name) {
    String v = System.getProperty(name);
    return v != null && !v.isBlank() ? v : blankToNull(System.getenv(name));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
