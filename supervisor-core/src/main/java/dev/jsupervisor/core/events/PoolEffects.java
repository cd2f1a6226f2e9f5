package dev.jsupervisor.core.events;

import dev.jsupervisor.core.util.LogLevel;

/**
 * What a {@link ListenerPool} asks the daemon to do. Implementations queue the work (a write
 * to a child's stdin, a log line) and return at once: the pool runs on the daemon's loop.
 */
public interface PoolEffects {

  /** supervisord's log levels used by the pools. */

  /** Writes {@code bytes} to the stdin of listener process {@code listener}. */
  void send(String listener, byte[] bytes);

  /**
   * False when a line at {@code level} would be dropped: the pool then does not build it (the
   * debug lines of every event cost more than the event's delivery otherwise).
   */
  default boolean logs(LogLevel level) {
    return true;
  }

  /** Writes one line to the main log. */
  void log(LogLevel level, String message);
}
