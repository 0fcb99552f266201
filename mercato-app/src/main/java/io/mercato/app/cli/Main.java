package io.mercato.app.cli;

/** Entry point of {@code mercato.jar}; everything else happens in {@link MercatoCli}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // exit explicitly: the HTTP server's threads would otherwise keep the JVM alive
    System.exit(MercatoCli.execute(args, System.getenv()));
  }
}
