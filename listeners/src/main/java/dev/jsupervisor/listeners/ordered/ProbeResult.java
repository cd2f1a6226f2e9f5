package dev.jsupervisor.listeners.ordered;

/**
 * The outcome of one readiness probe attempt.
 *
 * @param ready whether the check passed
 * @param detail what happened, for the log (e.g. {@code HTTP 503}, {@code connection refused})
 */
public record ProbeResult(boolean ready, String detail) {

  public static ProbeResult ready(String detail) {
    return new ProbeResult(true, detail);
  }

  public static ProbeResult notReady(String detail) {
    return new ProbeResult(false, detail);
  }
}
