package io.mercato.bench.harness.fuzz;

import java.util.Objects;

/**
 * One generated request with what it may legitimately get and add.
 *
 * @param index   0-based position in the run's sequence (with the seed, enough to regenerate it)
 * @param kind    the request class reported in the summary, e.g. {@code events/lone-surrogate},
 *                {@code route/query}, {@code unknown-path}
 * @param route   the route template it aims at ({@code POST /v1/events}), or {@code (none)}
 * @param request the bytes and their delivery
 * @param expect  the allowed answers and the events it adds
 */
public record FuzzCase(
    long index, String kind, String route, RawRequest request, Expectation expect) {
  public FuzzCase {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(expect, "expect");
  }
}
