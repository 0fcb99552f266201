package io.mercato.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compares {@link EventParsingBenchmark#read} of two builds in one JVM, interleaved: each build's
 * benchmark jar is loaded in its own class loader and the two are timed in alternating 300 ms slices,
 * so load from other processes hits both alike. For a shared machine, where JMH runs of the two builds
 * one after the other differ by more than the change being measured. Prints each build's median time
 * per event and the median of the per-slice ratio (second / first).
 *
 * <p>Run: {@code java -cp mercato-bench/target/mercato-bench.jar io.mercato.bench.EventParsingAb
 * BASE.jar NEW.jar NDJSON 204} (jars built with {@code ./mvnw -q -pl mercato-bench -am package
 * -DskipTests} at each commit; format {@code NDJSON} or {@code JSON}; the first 4 rounds warm up).
 */
public final class EventParsingAb {
  private EventParsingAb() {}

  public static void main(String[] args) throws Exception {
    String format = args[2];
    int rounds = Integer.parseInt(args[3]);
    Object[] benches = {load(args[0], format), load(args[1], format)};
    Method[] read = {
      benches[0].getClass().getMethod("read"), benches[1].getClass().getMethod("read")
    };
    List<List<Double>> nanos = List.of(new ArrayList<>(), new ArrayList<>());
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int v = r % 2 == 0 ? k : 1 - k; // alternate which build goes first
        long n = 0;
        long t0 = System.nanoTime();
        long end = t0 + 300_000_000L;
        long t;
        while ((t = System.nanoTime()) < end) {
          read[v].invoke(benches[v]);
          n++;
        }
        if (r >= 4) {
          nanos.get(v).add((t - t0) / (double) n / EventParsingBenchmark.BATCH);
        }
      }
    }
    List<Double> ratio = new ArrayList<>();
    for (int i = 0; i < nanos.get(0).size(); i++) {
      ratio.add(nanos.get(1).get(i) / nanos.get(0).get(i));
    }
    System.out.printf(
        "%s: first %.1f ns/event, second %.1f ns/event (medians of %d slices); second/first per "
            + "slice: median %.3f, quartiles %.3f-%.3f%n",
        format,
        median(nanos.get(0)),
        median(nanos.get(1)),
        ratio.size(),
        median(ratio),
        quantile(ratio, 0.25),
        quantile(ratio, 0.75));
  }

  private static Object load(String jar, String format) throws Exception {
    ClassLoader cl =
        new URLClassLoader(
            new URL[] {new File(jar).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> c = cl.loadClass(EventParsingBenchmark.class.getName());
    Object b = c.getConstructor().newInstance();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object f =
        Enum.valueOf((Class) cl.loadClass("io.mercato.core.event.EventJsonReader$Format"), format);
    c.getField("format").set(b, f);
    c.getMethod("setUp").invoke(b);
    return b;
  }

  private static double median(List<Double> x) {
    return quantile(x, 0.5);
  }

  private static double quantile(List<Double> x, double q) {
    List<Double> s = new ArrayList<>(x);
    Collections.sort(s);
    return s.get((int) (q * (s.size() - 1)));
  }
}
