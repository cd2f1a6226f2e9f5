package dev.jsupervisor.core.process;

import dev.jsupervisor.core.util.LogLevel;

/**
 * The side effects a {@link Subprocess} asks of its owner: the daemon wires these to the
 * {@link Spawner}, {@link Posix}, the main log and the event bus; tests pass fakes.
 */
public interface ProcessActions {
  /**
   * Runs the pre-spawn checks and starts the child.
   *
   * @return the child's pid
   * @throws SpawnException with supervisord's spawnerr text when no child was started
   */
  int spawn(Subprocess process) throws SpawnException;

  /**
   * Called after a failed spawn has been logged and the process moved to BACKOFF: what the spawn
   * took for the child (an fcgi-program's socket) can be given back.
   */
  default void spawnFailed() {}

  /** Sends {@code signal} to {@code pid}, or to the process group {@code -pid} when negative. */
  void kill(int pid, int signal) throws PosixException;

  /** Writes one line to the main log. */
  void log(LogLevel level, String message);

  /** Reports a real state change (never called for a change to the same state). */
  void stateChanged(StateChange change);
}
