package io.mercato.ml.rank;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
 *
 * <p><b>A private copy per process.</b> lightgbm4j extracts its libraries to fixed names in
 * {@code java.io.tmpdir} ({@code /tmp/lib_lightgbm.so}), overwriting them in place: a second JVM
 * starting LightGBM rewrote the pages a running JVM had mapped, and the running one crashed in its next
 * LightGBM call (SIGSEGV in {@code new_voidpp}, seen here with a test run beside an evaluation). So the
 * extraction goes to a fresh directory of this process ({@code mercato-lightgbm-*} under the temporary
 * directory, deleted at exit), by pointing {@code java.io.tmpdir} there for the duration of the load.
 * With the environment variable {@code LIGHTGBM_NATIVE_LIB_PATH} set, lightgbm4j loads from that
 * directory instead and extracts nothing.
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
        throw new IllegalStateException(
            "LightGBM's native library was loaded by another class loader of this "
                + "process ("
                + owner
                + "); load lightgbm4j parent-first so one class loader owns it");
      }
      String tmp = System.getProperty("java.io.tmpdir");
      try {
        Path dir = Files.createTempDirectory("mercato-lightgbm-");
        dir.toFile().deleteOnExit();
        for (String lib : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
          new File(dir.toFile(), lib)
              .deleteOnExit(); // exit deletes in reverse order: the files, then the dir
        }
        System.setProperty("java.io.tmpdir", dir.toString() + File.separator);
        LGBMBooster.loadNative();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load LightGBM's native library", e);
      } finally {
        System.setProperty("java.io.tmpdir", tmp);
      }
      System.setProperty(OWNER_PROPERTY, me);
      loaded = true;
    }
  }

  private static String owner() {
    ClassLoader l = LGBMBooster.class.getClassLoader();
    return l == null
        ? "bootstrap"
        : l.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(l));
  }
}
