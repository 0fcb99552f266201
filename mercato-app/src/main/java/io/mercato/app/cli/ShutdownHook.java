package io.mercato.app.cli;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) that can be withdrawn when the work ends normally, so
 * commands run in-process by tests do not pile up hooks.
 */
final class ShutdownHook implements AutoCloseable {
  private final Thread thread;

  private ShutdownHook(Thread thread) {
    this.thread = thread;
  }

  static ShutdownHook register(String name, Runnable action) {
    Thread t = new Thread(action, name);
    Runtime.getRuntime().addShutdownHook(t);
    return new ShutdownHook(t);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running or has run
    }
  }
}
