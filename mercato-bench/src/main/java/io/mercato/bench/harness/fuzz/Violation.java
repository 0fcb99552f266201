package io.mercato.bench.harness.fuzz;

/**
 * One broken rule, with what is needed to find it again.
 *
 * @param index    the request's index in the seeded sequence, or -1 for a state check
 * @param kind     the request class, or the state check (e.g. {@code state/after-kill-9})
 * @param route    the route aimed at, or {@code (none)}
 * @param message  what is wrong
 * @param request  the request as sent (truncated, non-printable bytes escaped), or empty
 * @param response the start of the answer, or empty
 */
public record Violation(
    long index, String kind, String route, String message, String request, String response) {

  /** A few lines for the report. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(index >= 0 ? "#" + index + " " : "")
        .append(kind)
        .append(" ")
        .append(route)
        .append(": ")
        .append(message);
    if (!request.isEmpty()) {
      sb.append("\n      request:  ").append(request);
    }
    if (!response.isEmpty()) {
      sb.append("\n      response: ").append(response);
    }
    return sb.toString();
  }
}
