package io.mercato.app.demo;

import org.slf4j.Logger;

/**
 * A demo actor's heartbeat: runs {@code step} about {@code perSecond} times a second on a daemon
 * thread until {@link #stop}. A failing step (the server busy or stopping) is logged at debug level
 * and the loop goes on, because the demo must keep running through the odd refused request.
 */
final class DemoLoop {
  /** One round of the actor's work. */
  interface Step {
    void run() throws Exception;
  }

  private final Thread thread;
  private volatile boolean running = true;

  DemoLoop(String name, double perSecond, Step step, Logger log) {
    long pauseMillis = Math.max(1, (long) (1000 / perSecond));
    this.thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  Thread.sleep(pauseMillis);
                  step.run();
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  if (running) {
                    log.debug("{}: request failed: {}", name, e.getMessage());
                  }
                }
              }
            },
            name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops the loop and waits (at most 3 s) for the step in progress to end. */
  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(3_000);
  }
}
