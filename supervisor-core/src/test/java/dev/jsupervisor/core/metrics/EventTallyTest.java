package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.metrics.EventTally.ProcessKey;
import dev.jsupervisor.core.metrics.EventTally.Transition;
import dev.jsupervisor.core.util.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * A scrape reads the state times while the loop writes them, without a lock (the reader runs
   * at nice 19): every read must still see one whole transition or the next, never half of one.
   * Each transition moves the clock 1 ms, so half of one (the time added to the old state, the
   * start of the new one not yet moved) shows as a total 1 ms beyond the clock.
   */
  @Test
  void aReadDuringTransitionsSeesEachTransitionWholeOrNotAtAll() throws Exception {
    AtomicLong clockNanos = new AtomicLong();
    ThreadLocal<Long> lastRead = new ThreadLocal<>();
    Clock clock = new Clock() {
      @Override
      public long nanoTime() {
        long v = clockNanos.get();
        lastRead.set(v);
        return v;
      }

      @Override
      public long currentTimeMillis() {
        return clockNanos.get() / 1_000_000;
      }
    };
    EventTally timed = new EventTally(clock);
    timed.onEvent(Event.processState(ProcessState.RUNNING, "web", "g", ProcessState.STARTING, 0,
        1, true));
    int transitions = 200_000;
    AtomicLong torn = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Map<ProcessState, Double> seconds = timed.secondsInStates().get(web);
        long now = lastRead.get();
        long after = clockNanos.get();
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        // At least up to the clock it read; at most up to the clock after the read.
        if (total < now / 1e9 - 1e-6 || total > after / 1e9 + 1e-6) {
          torn.incrementAndGet();
        }
        reads.incrementAndGet();
      }
    }, "scrape");
    reader.start();
    try {
      for (int i = 0; i < transitions; i++) {
        clockNanos.addAndGet(1_000_000);
        ProcessState to = i % 2 == 0 ? ProcessState.EXITED : ProcessState.RUNNING;
        ProcessState from = i % 2 == 0 ? ProcessState.RUNNING : ProcessState.EXITED;
        timed.onEvent(Event.processState(to, "web", "g", from, 0, 1, true));
      }
    } finally {
      reader.interrupt();
      reader.join();
    }
    assertTrue(reads.get() > 0, "the reader ran");
    assertEquals(0, torn.get(), "reads that saw half a transition, of " + reads.get());
    assertEquals(transitions / 1000.0,
        timed.secondsInStates().get(web).values().stream().mapToDouble(Double::doubleValue).sum(),
        1e-6);
  }
}
