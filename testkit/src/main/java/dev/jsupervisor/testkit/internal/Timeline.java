package dev.jsupervisor.testkit.internal;

import dev.jsupervisor.core.util.FakeClock;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Actions due at points of virtual time. Nothing runs by itself: {@link #advance(Duration)} moves
 * the clock forward and runs each action that falls due on the way, at its own due time and in
 * order, so a chain of timers (startsecs, backoff delays, slow stops) unfolds exactly as the
 * test moves time.
 */
public final class Timeline {
  private record Entry(long dueNanos, long sequence, Runnable action) {}

  private final FakeClock clock;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
          ? Long.compare(a.dueNanos, b.dueNanos)
          : Long.compare(a.sequence, b.sequence));
  private long sequence;

  public Timeline(FakeClock clock) {
    this.clock = clock;
  }

  public FakeClock clock() {
    return clock;
  }

  /** Runs {@code action} once the clock has moved {@code delay} past now. */
  public synchronized void schedule(Duration delay, Runnable action) {
    queue.add(new Entry(clock.nanoTime() + delay.toNanos(), sequence++, action));
  }

  /** How many actions are waiting. */
  public synchronized int pending() {
    return queue.size();
  }

  /** Moves the clock forward by {@code step}, running due actions at their due times. */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + step);
    }
    long target = clock.nanoTime() + step.toNanos();
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          break;
        }
        queue.poll();
      }
      long now = clock.nanoTime();
      if (next.dueNanos > now) {
        clock.advance(Duration.ofNanos(next.dueNanos - now));
      }
      next.action.run();
    }
    long now = clock.nanoTime();
    if (target > now) {
      clock.advance(Duration.ofNanos(target - now));
    }
  }
}
