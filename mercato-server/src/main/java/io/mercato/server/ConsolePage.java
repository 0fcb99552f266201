package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the marketer console, a single HTML page ({@value #RESOURCE} in the jar) whose ES
 * modules and styles are served under {@value #ASSETS} and whose chart library (ECharts) comes from
 * its WebJar under {@code /webjars/}. Nothing is fetched from the network at run time; the page reads
 * the same public API as any client, so it works in both runtimes and shows a panel's 501 as such.
 */
final class ConsolePage implements Handler {
  /** Where the console's static files are hosted, and their classpath directory. */
  static final String ASSETS = "/console";

  static final String RESOURCE = ASSETS + "/index.html";

  private final byte[] page;

  private ConsolePage(byte[] page) {
    this.page = page;
  }

  /** Loads the page once, at startup, so a packaging mistake fails the start, not a request. */
  static ConsolePage fromClasspath() {
    try (InputStream in = ConsolePage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
      }
      return new ConsolePage(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  @Override
  public void handle(Context ctx) {
    // the page is small and names its assets by path: revalidate it, so an upgrade shows at once
    ctx.status(200)
        .contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .result(page);
  }
}
