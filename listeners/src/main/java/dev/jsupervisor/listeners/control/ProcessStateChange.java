package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessState;

/**
 * One PROCESS_STATE_* event as the listeners' decision engines need it, independent of how the
 * listener protocol delivered it.
 *
 * @param processName the {@code processname} field
 * @param groupName the {@code groupname} field
 * @param state the state the process entered (from the event name)
 * @param fromState the {@code from_state} field
 * @param expected the {@code expected} field of an EXITED event; false for other states
 * @param pid the {@code pid} field, or 0 when the event carries none (STARTING, BACKOFF, FATAL)
 */
public record ProcessStateChange(
    String processName,
    String groupName,
    ProcessState state,
    ProcessState fromState,
    boolean expected,
    int pid) {

  /** A change without pid or expected flag (STARTING, BACKOFF, FATAL, UNKNOWN). */
  public static ProcessStateChange of(
      String group, String process, ProcessState from, ProcessState to) {
    return new ProcessStateChange(process, group, to, from, false, 0);
  }

  /** {@code group:name}, the namespec that addresses exactly this process. */
  public String namespec() {
    return groupName + ":" + processName;
  }

  /** {@code name} or {@code group:name} as supervisorctl shows it. */
  public String displayName() {
    return Namespec.display(groupName, processName);
  }
}
