package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.metrics.EventTally.ProcessKey;
import dev.jsupervisor.core.metrics.EventTally.Transition;
import dev.jsupervisor.core.util.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTallyTest {
  private final EventTally tally = new EventTally();
  private final ProcessKey web = new ProcessKey("web", "g");

  private void state(ProcessState to, ProcessState from, boolean expected) {
    tally.onEvent(Event.processState(to, "web", "g", from, 1, 42, expected));
  }

  @Test
  void countsEveryTransitionByPreviousAndNewState() {
    for (int i = 0; i < 3; i++) {
      state(ProcessState.STARTING, ProcessState.EXITED, true);
      state(ProcessState.RUNNING, ProcessState.STARTING, true);
      state(ProcessState.EXITED, ProcessState.RUNNING, i == 0);
    }
    Map<Transition, Long> t = tally.transitions();
    assertEquals(3, t.get(new Transition(web, ProcessState.EXITED, ProcessState.STARTING)));
    assertEquals(3, t.get(new Transition(web, ProcessState.RUNNING, ProcessState.EXITED)));
    assertEquals(3, t.size());
    assertEquals(Map.of(web, 2L), tally.unexpectedExits());
    assertEquals(3, tally.events(EventType.PROCESS_STATE_EXITED));
    assertEquals(0, tally.events(EventType.PROCESS_STATE_FATAL));
  }

  @Test
  void timesEachStateFromTheFirstTransitionSeenWithTheCurrentOneUpToNow() {
    long[] now = {0};
    Clock clock = new Clock() {
      @Override
      public long nanoTime() {
        return now[0];
      }

      @Override
      public long currentTimeMillis() {
        return now[0] / 1_000_000;
      }
    };
    EventTally timed = new EventTally(clock);
    timed.onEvent(Event.processState(ProcessState.STARTING, "web", "g", ProcessState.STOPPED, 0,
        0, true));
    now[0] = 2_000_000_000L;
    timed.onEvent(Event.processState(ProcessState.RUNNING, "web", "g", ProcessState.STARTING, 0,
        42, true));
    now[0] = 5_000_000_000L;
    timed.onEvent(Event.processState(ProcessState.EXITED, "web", "g", ProcessState.RUNNING, 0,
        42, false));
    now[0] = 5_500_000_000L;
    timed.onEvent(Event.processState(ProcessState.STARTING, "web", "g", ProcessState.EXITED, 0,
        0, true));
    now[0] = 6_000_000_000L;
    assertEquals(Map.of(ProcessState.STARTING, 2.5, ProcessState.RUNNING, 3.0,
        ProcessState.EXITED, 0.5), timed.secondsInStates().get(web));
    // A clock going backwards never makes a negative duration.
    now[0] = 1_000_000_000L;
    assertEquals(2.0, timed.secondsInStates().get(web).get(ProcessState.STARTING));
  }

  @Test
  void countsOtherEventsByTypeOnly() {
    tally.onEvent(Event.tick(EventType.TICK_5, 1000));
    tally.onEvent(Event.groupAdded("g"));
    assertEquals(1, tally.events(EventType.TICK_5));
    assertEquals(1, tally.events(EventType.PROCESS_GROUP_ADDED));
    assertEquals(Map.of(), tally.transitions());
  }

  @Test
  void malformedStatePayloadsAreCountedByTypeButNotAsTransitions() {
    tally.onEvent(new Event(EventType.PROCESS_STATE_RUNNING, ""));
    tally.onEvent(new Event(EventType.PROCESS_STATE_RUNNING, "processname:x groupname:x"));
    tally.onEvent(new Event(EventType.PROCESS_STATE_RUNNING,
        "processname:x groupname:x from_state:NOPE"));
    tally.onEvent(new Event(EventType.PROCESS_STATE_RUNNING, "garbage without colons " + "z".repeat(100_000)));
    assertEquals(4, tally.events(EventType.PROCESS_STATE_RUNNING));
    assertEquals(Map.of(), tally.transitions());
  }
}
