package dev.jsupervisor.core.util;

import java.time.Duration;

/** A clock that only moves when told to: for tests and for the testkit's virtual time. */
public final class FakeClock implements Clock {
  private long nanos;
  private long wallMillis;

  public FakeClock() {
    this(1_700_000_000_000L);
  }

  public FakeClock(long startWallMillis) {
    this.wallMillis = startWallMillis;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized long currentTimeMillis() {
    return wallMillis + nanos / 1_000_000L;
  }

  /** Moves both clocks forward. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + d);
    }
    nanos += d.toNanos();
  }
}
