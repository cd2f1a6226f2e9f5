package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

  /** Each dependency's key in the engine's table of failed edges, made once. */
  private final Map<Dependency, String> edgeKeys = new IdentityHashMap<>();

  ProgramRun(PlanNode node) {
    this.node = node;
    for (Dependency d : node.dependencies()) {
      edgeKeys.put(d, node.id() + "->" + d);
    }
  }

  /** {@code id->target:states}: names the edge from this program to one of its dependencies. */
  String edgeKey(Dependency d) {
    return edgeKeys.get(d);
  }

  // Plain loops: the engine runs these on every event while still interpreted, right on the
  // path from one link's RUNNING to the next link's start.
  boolean allStarted() {
    for (ProcessTrack t : tracks) {
      if (!t.started) {
        return false;
      }
    }
    return true;
  }

  boolean allRunning() {
    for (ProcessTrack t : tracks) {
      if (t.state != ProcessState.RUNNING) {
        return false;
      }
    }
    return !tracks.isEmpty();
  }
}
