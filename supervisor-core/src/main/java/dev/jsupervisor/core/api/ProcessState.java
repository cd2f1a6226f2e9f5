package dev.jsupervisor.core.api;

/** supervisord's process states with their wire codes (states.md §1). */
public enum ProcessState {
  STOPPED(0),
  STARTING(10),
  RUNNING(20),
  BACKOFF(30),
  STOPPING(40),
  EXITED(100),
  FATAL(200),
  UNKNOWN(1000);

  private final int code;

  ProcessState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** STOPPED, EXITED, FATAL, UNKNOWN: what a stop waits for and what status reports as down. */
  public boolean isStopped() {
    return this == STOPPED || this == EXITED || this == FATAL || this == UNKNOWN;
  }

  /** RUNNING, BACKOFF, STARTING: a start of such a process faults ALREADY_STARTED. */
  public boolean isRunning() {
    return this == RUNNING || this == BACKOFF || this == STARTING;
  }

  /** RUNNING, STARTING, STOPPING: the states in which a signal may be sent. */
  public boolean isSignallable() {
    return this == RUNNING || this == STARTING || this == STOPPING;
  }

  /** The state with this wire code. */
  public static ProcessState fromCode(int code) {
    for (ProcessState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown process state code " + code);
  }
}
