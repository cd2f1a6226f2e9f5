package dev.jsupervisor.core.events;

import dev.jsupervisor.core.api.ProcessState;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * supervisord's event type hierarchy (events.md §5): the names accepted in {@code events=} and
 * sent as {@code eventname:}; a subscription to a type also matches every type below it.
 */
public enum EventType {
  EVENT(null, true),

  PROCESS_STATE(EVENT, true),
  PROCESS_STATE_STOPPED(PROCESS_STATE, false),
  PROCESS_STATE_STARTING(PROCESS_STATE, false),
  PROCESS_STATE_RUNNING(PROCESS_STATE, false),
  PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
  PROCESS_STATE_STOPPING(PROCESS_STATE, false),
  PROCESS_STATE_EXITED(PROCESS_STATE, false),
  PROCESS_STATE_FATAL(PROCESS_STATE, false),
  PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),

  PROCESS_LOG(EVENT, true),
  PROCESS_LOG_STDOUT(PROCESS_LOG, false),
  PROCESS_LOG_STDERR(PROCESS_LOG, false),

  PROCESS_COMMUNICATION(EVENT, true),
  PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
  PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),

  REMOTE_COMMUNICATION(EVENT, false),

  SUPERVISOR_STATE_CHANGE(EVENT, true),
  SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
  SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),

  TICK(EVENT, true),
  TICK_5(TICK, false),
  TICK_60(TICK, false),
  TICK_3600(TICK, false),

  PROCESS_GROUP(EVENT, true),
  PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
  PROCESS_GROUP_REMOVED(PROCESS_GROUP, false);

  private static final Map<String, EventType> BY_NAME =
      Collections.unmodifiableMap(
          Arrays.stream(values()).collect(Collectors.toMap(EventType::name, Function.identity())));

  private static final String PROCESS_STATE_PREFIX = "PROCESS_STATE_";
  private static final String TICK_PREFIX = "TICK_";

  private final EventType parent;
  private final boolean isAbstract;

  EventType(EventType parent, boolean isAbstract) {
    this.parent = parent;
    this.isAbstract = isAbstract;
  }

  /** The type directly above this one; empty only for {@link #EVENT}. */
  public Optional<EventType> parent() {
    return Optional.ofNullable(parent);
  }

  /** True for the grouping types that are never emitted themselves (EVENT, PROCESS_STATE, ...). */
  public boolean isAbstract() {
    return isAbstract;
  }

  /** True when this type is {@code ancestor} or below it: what a subscription to it matches. */
  public boolean isA(EventType ancestor) {
    for (EventType t = this; t != null; t = t.parent) {
      if (t == ancestor) {
        return true;
      }
    }
    return false;
  }

  /** The type with this exact name, as written in {@code events=} or {@code eventname:}. */
  public static Optional<EventType> byName(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }

  /** The process state a PROCESS_STATE_* type announces; empty for every other type. */
  public Optional<ProcessState> processState() {
    if (isAbstract || !isA(PROCESS_STATE)) {
      return Optional.empty();
    }
    return Optional.of(ProcessState.valueOf(name().substring(PROCESS_STATE_PREFIX.length())));
  }

  /** The PROCESS_STATE_* type announcing a transition into {@code state}. */
  public static EventType forProcessState(ProcessState state) {
    return valueOf(PROCESS_STATE_PREFIX + state.name());
  }

  /** The tick period in seconds of a TICK_* type; 0 for every other type. */
  public int tickPeriodSeconds() {
    if (isAbstract || !isA(TICK)) {
      return 0;
    }
    return Integer.parseInt(name().substring(TICK_PREFIX.length()));
  }
}
