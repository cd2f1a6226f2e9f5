package dev.jsupervisor.core.events;

import dev.jsupervisor.core.api.ProcessState;
import java.util.Map;

/**
 * One PROCESS_STATE_* event read back into fields: the inverse of {@link Event#processState},
 * for observers that count transitions. Pure.
 *
 * @param name the process name
 * @param group the group name
 * @param from the state the process left
 * @param to the state it entered (the event's type)
 * @param expected false only for an EXITED with {@code expected:0}
 */
public record ProcessStateChange(String name, String group, ProcessState from, ProcessState to,
    boolean expected) {
  private static final String PREFIX = "PROCESS_STATE_";

  /**
   * Reads {@code processname:N groupname:G from_state:S [expected:E] ...} with
   * {@link PayloadHeader}. Null when {@code event} is not a
   * process state event or a field it needs is missing or not a state.
   */
  public static ProcessStateChange of(Event event) {
    EventType type = event.type();
    if (!type.isA(EventType.PROCESS_STATE) || !type.name().startsWith(PREFIX)) {
      return null;
    }
    ProcessState to = stateNamed(type.name().substring(PREFIX.length()));
    Map<String, String> fields = PayloadHeader.parse(event.payload());
    String name = fields.get("processname");
    String group = fields.get("groupname");
    String from = fields.get("from_state");
    ProcessState fromState = from == null ? null : stateNamed(from);
    if (name == null || group == null || fromState == null || to == null) {
      return null;
    }
    return new ProcessStateChange(name, group, fromState, to, !"0".equals(fields.get("expected")));
  }

  private static ProcessState stateNamed(String name) {
    try {
      return ProcessState.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
