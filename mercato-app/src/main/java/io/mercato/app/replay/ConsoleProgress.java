package io.mercato.app.replay;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar (me.tongfei:progressbar) over the bytes of the file, so the ETA holds
 * whatever the event sizes, with the event rate as its message:
 * {@code replay 42% │████▌      │ 120/286 MiB (2.1 MiB/s) 0:00:57 / 0:01:19 85,310 events/s}.
 */
public final class ConsoleProgress implements ReplayProgress {
  private final ProgressBar bar;
  private final long startNanos = System.nanoTime();

  public ConsoleProgress(String task, long totalBytes, PrintStream out) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(1, totalBytes))
            .setUnit(" MiB", 1 << 20)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .showSpeed()
            .build();
  }

  @Override
  public void update(long bytesRead, long eventsRead) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    bar.stepTo(Math.min(bytesRead, bar.getMax()));
    bar.setExtraMessage(
        String.format(Locale.ROOT, " %,.0f events/s", seconds > 0 ? eventsRead / seconds : 0.0));
  }

  @Override
  public void close() {
    bar.close();
  }
}
