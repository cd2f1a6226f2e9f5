package dev.jsupervisor.listeners.sdk;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An event delivered to a listener, typed by its {@code eventname}. Every variant keeps the
 * raw header and payload; a payload that does not have the fields its type promises (or a
 * type this SDK does not know) arrives as a {@link GenericEvent} instead of failing.
 */
public sealed interface ListenerEvent {

  EventHeader header();

  String payload();

  /** The concrete event name from the header, e.g. {@code PROCESS_STATE_RUNNING}. */
  default String eventName() {
    return header().eventName();
  }

  /** The type from the header, empty for a name this SDK does not know. */
  default Optional<EventType> eventType() {
    return EventType.byName(header().eventName());
  }

  /** Types an event read from stdin. */
  static ListenerEvent of(RawEvent raw) {
    return of(raw.header(), raw.payload());
  }

  /** Types an event from its header and payload. */
  static ListenerEvent of(EventHeader header, String payload) {
    Optional<EventType> type = EventType.byName(header.eventName());
    if (type.isEmpty() || type.get().isAbstract()) {
      return new GenericEvent(header, payload);
    }
    try {
      return Payloads.typed(header, payload, type.get());
    } catch (IllegalArgumentException malformed) {
      return new GenericEvent(header, payload);
    }
  }

  /** PROCESS_STATE_*: a process changed state; {@code state} is the new state. */
  record ProcessStateEvent(
      EventHeader header,
      String payload,
      String processName,
      String groupName,
      ProcessState state,
      ProcessState fromState,
      OptionalInt tries,
      Optional<Boolean> expected,
      OptionalLong pid)
      implements ListenerEvent {}

  /** PROCESS_LOG_STDOUT/STDERR: a chunk of a child's output. */
  record ProcessLogEvent(
      EventHeader header,
      String payload,
      String processName,
      String groupName,
      long pid,
      Event.Channel channel,
      String data)
      implements ListenerEvent {}

  /** PROCESS_COMMUNICATION_STDOUT/STDERR: text a child wrote between the XSUPERVISOR tokens. */
  record ProcessCommunicationEvent(
      EventHeader header,
      String payload,
      String processName,
      String groupName,
      long pid,
      Event.Channel channel,
      String data)
      implements ListenerEvent {}

  /** REMOTE_COMMUNICATION: sent through {@code supervisor.sendRemoteCommEvent(type, data)}. */
  record RemoteCommunicationEvent(EventHeader header, String payload, String type, String data)
      implements ListenerEvent {}

  /** PROCESS_GROUP_ADDED/REMOVED. */
  record ProcessGroupEvent(EventHeader header, String payload, String groupName, boolean added)
      implements ListenerEvent {}

  /** SUPERVISOR_STATE_CHANGE_RUNNING/STOPPING. */
  record SupervisorStateChangeEvent(EventHeader header, String payload, boolean running)
      implements ListenerEvent {}

  /** TICK_5/60/3600: {@code when} is the epoch second of the period boundary. */
  record TickEvent(EventHeader header, String payload, int periodSeconds, long when)
      implements ListenerEvent {}

  /** Any other event, or one whose payload could not be read as its type. */
  record GenericEvent(EventHeader header, String payload) implements ListenerEvent {}

  /** Payload parsing shared by the typed variants. */
  final class Payloads {
    private Payloads() {}

    static ListenerEvent typed(EventHeader header, String payload, EventType type) {
      if (type.isA(EventType.PROCESS_STATE)) {
        Map<String, String> f = tokens(payload);
        return new ProcessStateEvent(header, payload, need(f, "processname"),
            need(f, "groupname"), type.processState().orElseThrow(),
            ProcessState.valueOf(need(f, "from_state")),
            f.containsKey("tries") ? OptionalInt.of(Integer.parseInt(f.get("tries")))
                : OptionalInt.empty(),
            f.containsKey("expected") ? Optional.of(parseFlag(f.get("expected")))
                : Optional.empty(),
            f.containsKey("pid") ? OptionalLong.of(Long.parseLong(f.get("pid")))
                : OptionalLong.empty());
      }
      if (type.isA(EventType.PROCESS_LOG) || type.isA(EventType.PROCESS_COMMUNICATION)) {
        int newline = requireNewline(payload);
        Map<String, String> f = tokens(payload.substring(0, newline));
        String data = payload.substring(newline + 1);
        Event.Channel channel = type.name().endsWith("STDOUT")
            ? Event.Channel.STDOUT : Event.Channel.STDERR;
        long pid = Long.parseLong(need(f, "pid"));
        if (type.isA(EventType.PROCESS_LOG)) {
          return new ProcessLogEvent(header, payload, need(f, "processname"),
              need(f, "groupname"), pid, channel, data);
        }
        return new ProcessCommunicationEvent(header, payload, need(f, "processname"),
            need(f, "groupname"), pid, channel, data);
      }
      if (type == EventType.REMOTE_COMMUNICATION) {
        int newline = requireNewline(payload);
        return new RemoteCommunicationEvent(header, payload,
            need(tokens(payload.substring(0, newline)), "type"), payload.substring(newline + 1));
      }
      if (type.isA(EventType.PROCESS_GROUP)) {
        return new ProcessGroupEvent(header, payload, need(tokens(payload.strip()), "groupname"),
            type == EventType.PROCESS_GROUP_ADDED);
      }
      if (type.isA(EventType.SUPERVISOR_STATE_CHANGE)) {
        return new SupervisorStateChangeEvent(header, payload,
            type == EventType.SUPERVISOR_STATE_CHANGE_RUNNING);
      }
      if (type.isA(EventType.TICK)) {
        return new TickEvent(header, payload, type.tickPeriodSeconds(),
            Long.parseLong(need(tokens(payload), "when")));
      }
      throw new IllegalArgumentException("no typed form for " + type);
    }

    /** {@code key:value key:value} into a map; a value may itself contain colons. */
    static Map<String, String> tokens(String line) {
      Map<String, String> fields = new HashMap<>();
      for (String token : line.split(" ")) {
        int colon = token.indexOf(':');
        if (colon > 0) {
          fields.put(token.substring(0, colon), token.substring(colon + 1));
        }
      }
      return fields;
    }

    private static String need(Map<String, String> fields, String key) {
      String value = fields.get(key);
      if (value == null) {
        throw new IllegalArgumentException("payload has no " + key);
      }
      return value;
    }

    private static boolean parseFlag(String value) {
      if (value.equals("1")) {
        return true;
      }
      if (value.equals("0")) {
        return false;
      }
      throw new IllegalArgumentException("expected must be 0 or 1, got " + value);
    }

    private static int requireNewline(String payload) {
      int newline = payload.indexOf('\n');
      if (newline < 0) {
        throw new IllegalArgumentException("payload has no header line");
      }
      return newline;
    }
  }
}
