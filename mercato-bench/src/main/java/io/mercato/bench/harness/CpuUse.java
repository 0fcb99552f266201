package io.mercato.bench.harness;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used over an interval, by this process and by everything else on the machine, in cores (1.0 =
 * one core busy throughout). On a machine shared with other work this says whether a row measured
 * Mercato or its neighbours; the load average cannot, as it also counts this process's own queued
 * request threads.
 *
 * <p>The machine's busy time comes from the first line of Linux {@code /proc/stat} (user, nice,
 * system, irq, softirq and steal ticks at the usual 100 per second), so it has 10 ms resolution;
 * elsewhere "others" is NaN. The process's time comes from the JVM.
 */
final class CpuUse {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

  /** A reading; {@code machineBusyNanos} is negative when unknown. */
  record Sample(long wallNanos, long processNanos, long machineBusyNanos) {}

  /**
   * Cores used between two samples.
   *
   * @param process this JVM
   * @param others  the rest of the machine, NaN when unknown; never below 0
   */
  record Cores(double process, double others) {}

  private CpuUse() {}

  static Sample sample() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long process = os instanceof OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    return new Sample(System.nanoTime(), process, machineBusyNanos());
  }

  static Cores between(Sample from, Sample to) {
    double wall = to.wallNanos() - from.wallNanos();
    if (wall <= 0 || from.processNanos() < 0) {
      return new Cores(Double.NaN, Double.NaN);
    }
    double process = (to.processNanos() - from.processNanos()) / wall;
    if (from.machineBusyNanos() < 0 || to.machineBusyNanos() < 0) {
      return new Cores(process, Double.NaN);
    }
    double machine = (to.machineBusyNanos() - from.machineBusyNanos()) / wall;
    return new Cores(process, Math.max(0, machine - process));
  }

  private static long machineBusyNanos() {
    try {
      String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return -1;
      }
      // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy
      long busy =
          Long.parseLong(f[1])
              + Long.parseLong(f[2])
              + Long.parseLong(f[3])
              + Long.parseLong(f[6])
              + Long.parseLong(f[7])
              + Long.parseLong(f[8]);
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1; // not Linux, or an unexpected format: "others" is reported as unknown
    }
  }
}
