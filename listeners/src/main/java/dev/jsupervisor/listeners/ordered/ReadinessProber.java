package dev.jsupervisor.listeners.ordered;

import java.util.concurrent.CompletionStage;

/** Runs readiness checks off the listener's protocol thread. */
public interface ReadinessProber {

  /** Starts one attempt of {@code check}; the stage completes with its outcome, never fails. */
  CompletionStage<ProbeResult> probe(ReadinessCheck check);
}
