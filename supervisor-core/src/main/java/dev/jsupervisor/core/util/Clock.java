package dev.jsupervisor.core.util;

/**
 * Time as the supervisor sees it: a monotonic clock for timeouts and a wall clock for the
 * times it reports. Injected everywhere so state machines are tested without sleeping.
 */
public interface Clock {
  /** Monotonic nanoseconds, only meaningful as differences. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch. */
  long currentTimeMillis();

  /** The real clock. */
  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }
      };
}
