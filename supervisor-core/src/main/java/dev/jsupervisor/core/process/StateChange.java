package dev.jsupervisor.core.process;

import dev.jsupervisor.core.api.ProcessState;

/**
 * One process state transition with the values its PROCESS_STATE_* event carries, captured at
 * the moment of the change (events.md §5).
 *
 * @param processName the process name
 * @param groupName the group name
 * @param from the state before
 * @param to the state after
 * @param tries the backoff counter (for STARTING and BACKOFF events)
 * @param expected for EXITED: the exit status is in exitcodes
 * @param pid the process pid at the change (0 when it had none)
 */
public record StateChange(
    String processName,
    String groupName,
    ProcessState from,
    ProcessState to,
    int tries,
    boolean expected,
    int pid) {}
