package io.mercato.ml.rank;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Loads LightGBM's native library (from the lightgbm4j jar) once per process.
 *
 * <p>A JVM can bind a JNI library to one class loader only: a second class loader that loads
 * lightgbm4j again (a Flink job's user-code class loader, for example) and calls
 * {@code System.load} on the same library gets an {@link UnsatisfiedLinkError} at best and corrupts the
 * native state at worst (a peer's JVM crashed that way). So the first loader records itself in a
 * process-wide system property, and any other loader is refused with an explanation instead of
 * loading again; such deployments put {@code io.github.metarank.lightgbm4j} and
 * {@code com.microsoft.ml.lightgbm} on the parent-first class-loading list, so one loader owns it.
 */
public final class LightGbmRuntime {
  /** The process-wide marker: the identity of the class loader that loaded the library. */
  static final String OWNER_PROPERTY = "io.mercato.lightgbm.loader";

  private static volatile boolean loaded;

  private LightGbmRuntime() {}

  /**
   * Loads the library unless this class loader already did. Thread-safe.
   *
   * @throws IllegalStateException when another class loader of this process loaded it
   * @throws UncheckedIOException when the library cannot be extracted
   */
  public static void start() {
    if (loaded) {
      return;
    }
    synchronized (System.class) { // one lock for every class loader's copy of this class
      if (loaded) {
        return;
      }
      String me = owner();
      String owner = System.getProperty(OWNER_PROPERTY);
      if (owner != null && !owner.equals(me)) {
        throw new IllegalStateException("LightGBM's native library was loaded by another class loader of this "
            + "process (" + owner + "); load lightgbm4j parent-first so one class loader owns it");
      }
      try {
        LGBMBooster.loadNative();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load LightGBM's native library", e);
      }
      System.setProperty(OWNER_PROPERTY, me);
      loaded = true;
    }
  }

  private static String owner() {
    ClassLoader l = LGBMBooster.class.getClassLoader();
    return l == null ? "bootstrap" : l.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(l));
  }
}
