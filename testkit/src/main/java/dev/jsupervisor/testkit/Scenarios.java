package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made sequences of what supervisord does, for tests that care about a listener's
 * reaction rather than about building each event.
 */
public final class Scenarios {
  private static final long FIRST_RAW_PID = 7000;

  private final FakeSupervisor supervisor;

  Scenarios(FakeSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  /**
   * Emits PROCESS_STATE events for {@code program} moving from STOPPED through {@code states}
   * in order, each with the right from_state, a pid while the process lives, tries 0 and
   * expected 1 for EXITED. The process table is not touched. Returns the serials.
   */
  public List<Long> stateSequence(String program, ProcessState... states) {
    List<Long> serials = new ArrayList<>();
    ProcessState from = ProcessState.STOPPED;
    long pid = FIRST_RAW_PID;
    int tries = 0;
    for (ProcessState to : states) {
      if (to == ProcessState.STARTING && from != ProcessState.STOPPED) {
        pid++;
      }
      if (to == ProcessState.BACKOFF) {
        tries++;
      }
      long shown = to == ProcessState.STOPPED && from == ProcessState.BACKOFF ? 0 : pid;
      serials.add(supervisor.emit(
          Event.processState(to, program, program, from, tries, shown, true)));
      from = to;
    }
    return serials;
  }

  /**
   * A start that never gets past startsecs: {@code program} goes STARTING, BACKOFF and back
   * startretries times, then FATAL. Virtual time is advanced through all backoff delays.
   */
  public void crashLoop(String program) {
    FakeProcessTable table = supervisor.processes();
    table.failStartsForever(program);
    table.start(program);
    advanceUntilSettled(program);
  }

  /** Plays supervisord's start: group-added events, RUNNING, autostart spawns. */
  public void supervisordStart() {
    supervisor.processes().supervisordStart();
  }

  /**
   * Plays supervisord's stop (SUPERVISOR_STATE_CHANGE_STOPPING, then tiered stops); slow stops
   * are carried through by advancing virtual time, one second at a time, up to {@code limit}.
   */
  public void supervisordStop(Duration limit) {
    supervisor.processes().supervisordStop();
    Duration step = Duration.ofSeconds(1);
    for (Duration spent = Duration.ZERO; spent.compareTo(limit) < 0; spent = spent.plus(step)) {
      supervisor.advance(step);
    }
  }

  private void advanceUntilSettled(String program) {
    FakeProcessTable table = supervisor.processes();
    for (int second = 0; second < 10_000; second++) {
      ProcessState state = table.state(program);
      if (state == ProcessState.FATAL || state == ProcessState.RUNNING) {
        return;
      }
      supervisor.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError(program + " did not settle: " + table.state(program));
  }
}
