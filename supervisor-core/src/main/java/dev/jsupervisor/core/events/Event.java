package dev.jsupervisor.core.events;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import java.util.Objects;

/**
 * One event as supervisord emits it: a concrete type and the exact payload text a listener
 * receives (events.md §5-§6). Build them with the factories, which know each type's fields.
 */
public record Event(EventType type, String payload) {

  /** Which pipe of a child produced a PROCESS_LOG or PROCESS_COMMUNICATION event. */
  public enum Channel {
    STDOUT,
    STDERR;

    /** The lower-case name used in payloads ({@code channel:stdout}). */
    public String wireName() {
      return this == STDOUT ? "stdout" : "stderr";
    }
  }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    if (type.isAbstract()) {
      throw new IllegalArgumentException("abstract event type cannot be emitted: " + type);
    }
  }

  /**
   * A PROCESS_STATE_* event for a transition into {@code to}. The fields written depend on the
   * new state, as in supervisord: STARTING/BACKOFF carry {@code tries}, RUNNING/STOPPING/STOPPED
   * carry {@code pid}, EXITED carries {@code expected} and {@code pid}, FATAL/UNKNOWN neither.
   */
  public static Event processState(
      ProcessState to,
      String processName,
      String groupName,
      ProcessState from,
      int tries,
      long pid,
      boolean expected) {
    StringBuilder sb = new StringBuilder();
    sb.append("processname:").append(processName);
    sb.append(" groupname:").append(groupName);
    sb.append(" from_state:").append(from.name());
    switch (to) {
      case STARTING:
      case BACKOFF:
        sb.append(" tries:").append(tries);
        break;
      case RUNNING:
      case STOPPING:
      case STOPPED:
        sb.append(" pid:").append(pid);
        break;
      case EXITED:
        sb.append(" expected:").append(expected ? 1 : 0).append(" pid:").append(pid);
        break;
      default:
        break;
    }
    return new Event(EventType.forProcessState(to), sb.toString());
  }

  /** A PROCESS_LOG_STDOUT/STDERR event for one chunk of a child's output. */
  public static Event processLog(
      Channel channel, String processName, String groupName, long pid, String data) {
    EventType type =
        channel == Channel.STDOUT ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR;
    String payload =
        "processname:" + processName + " groupname:" + groupName + " pid:" + pid
            + " channel:" + channel.wireName() + "\n" + data;
    return new Event(type, payload);
  }

  /** A PROCESS_COMMUNICATION_STDOUT/STDERR event for text captured between the XSUPERVISOR tokens. */
  public static Event processCommunication(
      Channel channel, String processName, String groupName, long pid, String data) {
    EventType type =
        channel == Channel.STDOUT
            ? EventType.PROCESS_COMMUNICATION_STDOUT
            : EventType.PROCESS_COMMUNICATION_STDERR;
    String payload =
        "processname:" + processName + " groupname:" + groupName + " pid:" + pid + "\n" + data;
    return new Event(type, payload);
  }

  /** A REMOTE_COMMUNICATION event, as sent by {@code supervisor.sendRemoteCommEvent}. */
  public static Event remoteCommunication(String type, String data) {
    return new Event(EventType.REMOTE_COMMUNICATION, "type:" + type + "\n" + data);
  }

  /** PROCESS_GROUP_ADDED; the payload ends with a newline, which counts in {@code len}. */
  public static Event groupAdded(String groupName) {
    return new Event(EventType.PROCESS_GROUP_ADDED, "groupname:" + groupName + "\n");
  }

  /** PROCESS_GROUP_REMOVED; the payload ends with a newline, which counts in {@code len}. */
  public static Event groupRemoved(String groupName) {
    return new Event(EventType.PROCESS_GROUP_REMOVED, "groupname:" + groupName + "\n");
  }

  /** SUPERVISOR_STATE_CHANGE_RUNNING or _STOPPING (for any mood below RUNNING); empty payload. */
  public static Event supervisorStateChange(SupervisorState state) {
    EventType type =
        state == SupervisorState.RUNNING
            ? EventType.SUPERVISOR_STATE_CHANGE_RUNNING
            : EventType.SUPERVISOR_STATE_CHANGE_STOPPING;
    return new Event(type, "");
  }

  /** A TICK_* event for the period boundary {@code whenEpochSeconds}. */
  public static Event tick(EventType tickType, long whenEpochSeconds) {
    int period = tickType.tickPeriodSeconds();
    if (period == 0) {
      throw new IllegalArgumentException("not a concrete tick type: " + tickType);
    }
    if (whenEpochSeconds % period != 0) {
      throw new IllegalArgumentException(
          tickType + " must fire on a multiple of " + period + "s, got " + whenEpochSeconds);
    }
    return new Event(tickType, "when:" + whenEpochSeconds);
  }
}
