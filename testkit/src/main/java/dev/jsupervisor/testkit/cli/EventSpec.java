package dev.jsupervisor.testkit.cli;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns {@code emit EVENT_NAME key=value ...} into an {@link Event} through the core factories,
 * so payloads are exactly supervisord's. Each event kind accepts its own keys; anything else is
 * an error that lists the keys it accepts.
 */
final class EventSpec {
  private static final Set<String> STATE_KEYS =
      Set.of("processname", "groupname", "from_state", "tries", "pid", "expected");
  private static final Set<String> OUTPUT_KEYS = Set.of("processname", "groupname", "pid", "data");

  private EventSpec() {}

  /** Checks name and keys; {@code error} makes the exception to throw. */
  static void validate(String name, List<String> pairs, Function<String, ScenarioException> error)
      throws ScenarioException {
    build(name, pairs, 0, error);
  }

  /**
   * Builds the event.
   *
   * @param nowEpochSeconds the fake's clock, for a TICK without {@code when}
   */
  static Event build(String name, List<String> pairs, long nowEpochSeconds,
      Function<String, ScenarioException> error) throws ScenarioException {
    EventType type = EventType.byName(name).orElse(null);
    if (type == null || type.isAbstract()) {
      StringBuilder names = new StringBuilder();
      for (EventType t : EventType.values()) {
        if (!t.isAbstract()) {
          names.append(names.length() == 0 ? "" : ", ").append(t.name());
        }
      }
      throw error.apply("expected a concrete event name (" + names + "), got '" + name + "'");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw error.apply("expected key=value after " + name + ", got '" + pair + "'");
      }
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Fields f = new Fields(name, values, error);
    if (type.isA(EventType.PROCESS_STATE)) {
      f.allow(STATE_KEYS);
      ProcessState to = type.processState().orElseThrow();
      String process = f.required("processname");
      return Event.processState(to, process, f.text("groupname", process),
          f.state("from_state", defaultFrom(to)),
          (int) Math.min(Integer.MAX_VALUE, f.number("tries", 0)), f.number("pid", 0),
          f.number("expected", 1) != 0);
    }
    if (type.isA(EventType.PROCESS_LOG) || type.isA(EventType.PROCESS_COMMUNICATION)) {
      f.allow(OUTPUT_KEYS);
      String process = f.required("processname");
      Event.Channel channel = type.name().endsWith("STDOUT")
          ? Event.Channel.STDOUT : Event.Channel.STDERR;
      String group = f.text("groupname", process);
      long pid = f.number("pid", 0);
      String data = f.text("data", "");
      return type.isA(EventType.PROCESS_LOG)
          ? Event.processLog(channel, process, group, pid, data)
          : Event.processCommunication(channel, process, group, pid, data);
    }
    switch (type) {
      case REMOTE_COMMUNICATION -> {
        f.allow(Set.of("type", "data"));
        return Event.remoteCommunication(f.required("type"), f.text("data", ""));
      }
      case SUPERVISOR_STATE_CHANGE_RUNNING, SUPERVISOR_STATE_CHANGE_STOPPING -> {
        f.allow(Set.of());
        return Event.supervisorStateChange(type == EventType.SUPERVISOR_STATE_CHANGE_RUNNING
            ? SupervisorState.RUNNING : SupervisorState.SHUTDOWN);
      }
      case PROCESS_GROUP_ADDED, PROCESS_GROUP_REMOVED -> {
        f.allow(Set.of("groupname"));
        String group = f.required("groupname");
        return type == EventType.PROCESS_GROUP_ADDED
            ? Event.groupAdded(group) : Event.groupRemoved(group);
      }
      default -> {
        f.allow(Set.of("when"));
        int period = type.tickPeriodSeconds();
        long when = f.number("when", nowEpochSeconds - nowEpochSeconds % period);
        if (when % period != 0) {
          throw error.apply(name + " needs when= to be a multiple of " + period + ", got " + when);
        }
        return Event.tick(type, when);
      }
    }
  }

  /** The usual state before {@code to}, used when the scenario gives no from_state. */
  private static ProcessState defaultFrom(ProcessState to) {
    return switch (to) {
      case STARTING -> ProcessState.STOPPED;
      case RUNNING, BACKOFF -> ProcessState.STARTING;
      case STOPPING, EXITED, UNKNOWN -> ProcessState.RUNNING;
      case STOPPED -> ProcessState.STOPPING;
      case FATAL -> ProcessState.BACKOFF;
    };
  }

  /** The key=value pairs of one emit line, read with messages that name the event. */
  private record Fields(String event, Map<String, String> values,
      Function<String, ScenarioException> error) {

    void allow(Set<String> keys) throws ScenarioException {
      for (String key : values.keySet()) {
        if (!keys.contains(key)) {
          throw error.apply(event + " has no key '" + key + "'; expected "
              + (keys.isEmpty() ? "no keys" : "keys among " + new java.util.TreeSet<>(keys)));
        }
      }
    }

    String required(String key) throws ScenarioException {
      String v = values.get(key);
      if (v == null || v.isEmpty()) {
        throw error.apply(event + " needs " + key + "=...");
      }
      return v;
    }

    String text(String key, String fallback) {
      return values.getOrDefault(key, fallback);
    }

    long number(String key, long fallback) throws ScenarioException {
      return parsed(key, fallback, Long::parseLong, "a number");
    }

    ProcessState state(String key, ProcessState fallback) throws ScenarioException {
      return parsed(key, fallback, ProcessState::valueOf,
          "a process state (" + ScenarioParser.names(ProcessState.values()) + ")");
    }

    /** The value of {@code key} read by {@code parse}, or {@code fallback} when absent. */
    private <T> T parsed(String key, T fallback, Function<String, T> parse, String what)
        throws ScenarioException {
      String v = values.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return parse.apply(v);
      } catch (IllegalArgumentException e) {
        throw error.apply("expected " + what + " for " + key + ", got '" + v + "'");
      }
    }
  }
}
