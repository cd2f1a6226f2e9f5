package dev.jsupervisor.core.config;

/** The three values of a program's {@code autorestart} key. */
public enum AutoRestart {
  /** Never restart after an exit from RUNNING. */
  FALSE,
  /** Restart after an exit whose status is not in {@code exitcodes} (supervisord's default). */
  UNEXPECTED,
  /** Always restart after an exit from RUNNING. */
  TRUE
}
