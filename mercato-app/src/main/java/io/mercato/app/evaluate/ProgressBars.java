package io.mercato.app.evaluate;

import io.mercato.ml.eval.EvalProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One terminal progress bar (me.tongfei:progressbar) per evaluation task, e.g.
 * {@code user_cf sampled 63% │██████▎   │ 594/943 (1,210/s) 0:00:00 / 0:00:01}.
 */
final class ProgressBars implements EvalProgress {
  private final PrintStream out;
  private ProgressBar bar;

  ProgressBars(PrintStream out) {
    this.out = out;
  }

  @Override
  public void begin(String task, long total) {
    end();
    bar =
        new ProgressBarBuilder()
            .setTaskName(String.format("%-22s", task))
            .setInitialMax(Math.max(1, total))
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .showSpeed()
            .build();
  }

  @Override
  public void step(long done) {
    if (bar != null) {
      bar.stepTo(Math.min(done, bar.getMax()));
    }
  }

  @Override
  public void end() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
