package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayList;
import java.util.List;

/** What the engine knows at run time about one program of the plan. */
final class ProgramRun {
  final PlanNode node;
  final List<ProcessTrack> tracks = new ArrayList<>();
  /** Monotonic nanos when it was first started (by anyone), or null. */
  Long startedAt;
  /** The fault of a start that did not happen, or null. */
  String startFault;
  /** No start attempt before this time (the daemon was unreachable). */
  long retryAt = Long.MIN_VALUE / 2;
  Long readyDeadline;
  long nextProbeAt;
  boolean probeInFlight;
  boolean readyPassed;
  boolean readyFailed;
  String lastProbe = "no probe finished yet";

  ProgramRun(PlanNode node) {
    this.node = node;
  }

  boolean allStarted() {
    return tracks.stream().allMatch(t -> t.started);
  }

  boolean allRunning() {
    return !tracks.isEmpty() && tracks.stream().allMatch(t -> t.state == ProcessState.RUNNING);
  }
}
