/**
 * The HTTP API of Mercato (ARCHITECTURE.md §6): an edge that translates between HTTP and
 * {@link io.mercato.engine.Engine} calls and holds no state of its own.
 *
 * <p>Map of the package: {@link io.mercato.server.MercatoServer} wires everything;
 * {@link io.mercato.server.Routes} is the route table (checked against {@code openapi.json} by a test);
 * one handler class per route ({@code *Endpoint}); the statistics endpoints share
 * {@code ScopeStatsReader} (engine reads to response) and {@code StatsViews} (response shapes), and
 * read query parameters through {@code QueryParams}; {@code Problems} turns every exception into an
 * RFC 9457 {@code application/problem+json} answer; {@code HttpMetrics} times every request and
 * writes the DEBUG access log ({@code io.mercato.server.access}); {@code ProblemErrorHandler} covers
 * the errors Jetty answers before routing.
 */
package io.mercato.server;
