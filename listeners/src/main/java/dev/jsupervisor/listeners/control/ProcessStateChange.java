package dev.jsupervisor.listeners.control;

import dev.jsupervisor.listeners.sdk.ListenerEvent;

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
  /** The change an SDK PROCESS_STATE_* event announces (pid 0 and expected=false when absent). */
  public static ProcessStateChange from(ListenerEvent.ProcessStateEvent e) {
    return new ProcessStateChange(
        e.processName(),
        e.groupName(),
        e.state(),
        e.fromState(),
        e.expected().orElse(false),
        (int) e.pid().orElse(0));
  }

  public String namespec() {
    return groupName + ":" + processName;
  }

  /** {@code name} or {@code group:name} as supervisorctl shows it. */
  public String displayName() {
    return Namespec.display(groupName, processName);
  }
}
