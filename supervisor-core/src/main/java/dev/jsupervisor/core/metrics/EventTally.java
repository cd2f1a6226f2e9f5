package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventObserver;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ProcessStateChange;
import dev.jsupervisor.core.util.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts events as the daemon emits them: every event by type, every process state transition
 * by process, previous and new state, unexpected exits, and the time spent in each state. Fed on the daemon's loop thread (a
 * few field reads and an increment per event), read by scrapes on any thread.
 */
public final class EventTally implements EventObserver {
  /** One process. */
  public record ProcessKey(String name, String group) {}

  /** One transition of one process. */
  public record Transition(ProcessKey process, ProcessState from, ProcessState to) {}

  private static final ProcessState[] STATES = ProcessState.values();

  private final Clock clock;
  private final AtomicLongArray byType = new AtomicLongArray(EventType.values().length);
  private final Map<Transition, LongAdder> transitions = new ConcurrentHashMap<>();
  private final Map<ProcessKey, LongAdder> unexpectedExits = new ConcurrentHashMap<>();
  private final Map<ProcessKey, StateClock> stateClocks = new ConcurrentHashMap<>();

  /** A tally timing states on the real clock. */
  public EventTally() {
    this(Clock.SYSTEM);
  }

  public EventTally(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onEvent(Event event) {
    EventType type = event.type();
    byType.incrementAndGet(type.ordinal());
    ProcessStateChange change = ProcessStateChange.of(event);
    if (change == null) {
      return;
    }
    ProcessKey process = new ProcessKey(change.name(), change.group());
    transitions
        .computeIfAbsent(new Transition(process, change.from(), change.to()), k -> new LongAdder())
        .increment();
    if (change.to() == ProcessState.EXITED && !change.expected()) {
      unexpectedExits.computeIfAbsent(process, k -> new LongAdder()).increment();
    }
    stateClocks.computeIfAbsent(process, k -> new StateClock())
        .enter(change.to(), clock.nanoTime());
  }

  /**
   * Seconds each process has spent in each state since its first transition seen, the current
   * state counted up to now; states it has not been in are absent.
   */
  public Map<ProcessKey, Map<ProcessState, Double>> secondsInStates() {
    long now = clock.nanoTime();
    Map<ProcessKey, Map<ProcessState, Double>> copy = new HashMap<>();
    stateClocks.forEach((k, v) -> copy.put(k, v.seconds(now)));
    return copy;
  }

  /** Events emitted so far of {@code type}. */
  public long events(EventType type) {
    return byType.get(type.ordinal());
  }

  /** A snapshot of the transition counts. */
  public Map<Transition, Long> transitions() {
    return snapshot(transitions);
  }

  /** A snapshot of the unexpected exit counts. */
  public Map<ProcessKey, Long> unexpectedExits() {
    return snapshot(unexpectedExits);
  }

  private static <K> Map<K, Long> snapshot(Map<K, LongAdder> counts) {
    Map<K, Long> copy = new HashMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /**
   * The time one process has spent in each state, from its first transition seen. Scrapes read
   * it on a nice-19 thread while the loop writes it, so a reader takes no lock: each transition
   * publishes a new immutable {@link Times}, and a reader preempted mid-read cannot hold up the
   * loop (a shared lock would make the loop wait for the lowest-priority thread).
   */
  private static final class StateClock {
    /** Accumulated nanoseconds per state (current state up to {@code since}), and the rest. */
    private record Times(long[] nanos, boolean[] seen, ProcessState current, long since) {}

    private volatile Times times =
        new Times(new long[STATES.length], new boolean[STATES.length], null, 0);

    /** Writers only (the loop; the exporter's protocol thread): readers never take this lock. */
    synchronized void enter(ProcessState state, long now) {
      Times before = times;
      long[] nanos = before.nanos.clone();
      if (before.current != null) {
        nanos[before.current.ordinal()] += Math.max(0, now - before.since);
      }
      boolean[] seen = before.seen.clone();
      seen[state.ordinal()] = true;
      times = new Times(nanos, seen, state, now);
    }

    Map<ProcessState, Double> seconds(long now) {
      Times t = times;
      Map<ProcessState, Double> out = new EnumMap<>(ProcessState.class);
      for (ProcessState s : STATES) {
        if (t.seen[s.ordinal()]) {
          long total = t.nanos[s.ordinal()] + (s == t.current ? Math.max(0, now - t.since) : 0);
          out.put(s, total / 1e9);
        }
      }
      return out;
    }
  }
}
