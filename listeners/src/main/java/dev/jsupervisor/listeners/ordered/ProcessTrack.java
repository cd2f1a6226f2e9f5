package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the engine knows about one process: its state and every state it ever reached. */
final class ProcessTrack {
  final ProgramRun run;
  final String namespec;
  final String display;
  /** States reached at least once; EXITED only by an expected exit. */
  final Set<ProcessState> reached = EnumSet.noneOf(ProcessState.class);
  ProcessState state = ProcessState.STOPPED;
  boolean started;
  boolean stoppedAfterStart;
  boolean lastExitExpected;
  /** The engine's change count when this track last changed. */
  long changedAt;

  ProcessTrack(ProgramRun run, String namespec, String display) {
    this.run = run;
    this.namespec = namespec;
    this.display = display;
  }

  /** Follows a state event. */
  void enter(ProcessState s, boolean expected) {
    state = s;
    if (s == ProcessState.STOPPED) {
      if (started) {
        stoppedAfterStart = true;
        reached.add(s);
      }
      return;
    }
    started = true;
    if (s == ProcessState.EXITED) {
      lastExitExpected = expected;
      if (expected) {
        reached.add(s);
      }
      return;
    }
    reached.add(s);
  }

  /** Takes the state from getAllProcessInfo, inferring the states it must have passed. */
  void recall(ProcessInfo info, List<Integer> exitCodes) {
    state = info.state();
    started |= info.state() != ProcessState.STOPPED || info.start() > 0;
    switch (info.state()) {
      case STARTING -> reached.add(ProcessState.STARTING);
      case RUNNING -> reached.addAll(EnumSet.of(ProcessState.STARTING, ProcessState.RUNNING));
      case BACKOFF -> reached.addAll(EnumSet.of(ProcessState.STARTING, ProcessState.BACKOFF));
      case STOPPING -> reached.addAll(EnumSet.of(ProcessState.STARTING, ProcessState.STOPPING));
      case EXITED -> {
        reached.addAll(EnumSet.of(ProcessState.STARTING, ProcessState.RUNNING));
        lastExitExpected = exitCodes.contains(info.exitstatus());
        if (lastExitExpected) {
          reached.add(ProcessState.EXITED);
        }
      }
      case FATAL -> reached.addAll(
          EnumSet.of(ProcessState.STARTING, ProcessState.BACKOFF, ProcessState.FATAL));
      case STOPPED -> {
        if (started) {
          reached.add(ProcessState.STOPPED);
          stoppedAfterStart = true;
        }
      }
      default -> { }
    }
  }

  /** Reached one of {@code states} at least once (EXITED only by an expected exit). */
  boolean reachedAny(Set<ProcessState> states) {
    for (ProcessState s : states) {
      if (reached.contains(s)) {
        return true;
      }
    }
    return false;
  }
}
