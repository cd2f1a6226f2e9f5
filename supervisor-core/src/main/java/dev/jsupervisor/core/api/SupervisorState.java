package dev.jsupervisor.core.api;

/** The daemon's "mood" (states.md §5). Below RUNNING, supervisor.* calls fault SHUTDOWN_STATE. */
public enum SupervisorState {
  FATAL(2),
  RUNNING(1),
  RESTARTING(0),
  SHUTDOWN(-1);

  private final int code;

  SupervisorState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
