package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.listeners.sdk.ListenerEvent.GenericEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.ProcessCommunicationEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.ProcessGroupEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.ProcessLogEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.ProcessStateEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.RemoteCommunicationEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.SupervisorStateChangeEvent;
import dev.jsupervisor.listeners.sdk.ListenerEvent.TickEvent;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Typing of the payloads captured from a real supervisord (events.md §6). */
class ListenerEventTest {

  private static ListenerEvent typed(String eventName, String payload) {
    EventHeader header = new EventHeader("3.0", "s", 1, "p", 1, eventName,
        payload.codePointCount(0, payload.length()));
    return ListenerEvent.of(header, payload);
  }

  @Test
  void processStateEventsCarryTheFieldsOfTheirType() {
    ProcessStateEvent starting = assertInstanceOf(ProcessStateEvent.class, typed(
        "PROCESS_STATE_STARTING", "processname:sleeper groupname:sleeper from_state:STOPPED tries:0"));
    assertEquals("sleeper", starting.processName());
    assertEquals("sleeper", starting.groupName());
    assertEquals(ProcessState.STARTING, starting.state());
    assertEquals(ProcessState.STOPPED, starting.fromState());
    assertEquals(OptionalInt.of(0), starting.tries());
    assertEquals(OptionalLong.empty(), starting.pid());
    assertEquals(Optional.empty(), starting.expected());
    assertEquals("PROCESS_STATE_STARTING", starting.eventName());
    assertEquals(Optional.of(EventType.PROCESS_STATE_STARTING), starting.eventType());

    ProcessStateEvent exited = assertInstanceOf(ProcessStateEvent.class, typed(
        "PROCESS_STATE_EXITED",
        "processname:multi_05 groupname:multi from_state:RUNNING expected:0 pid:5350"));
    assertEquals("multi_05", exited.processName());
    assertEquals("multi", exited.groupName());
    assertEquals(ProcessState.EXITED, exited.state());
    assertEquals(Optional.of(false), exited.expected());
    assertEquals(OptionalLong.of(5350), exited.pid());
    assertEquals(OptionalInt.empty(), exited.tries());

    ProcessStateEvent fatal = assertInstanceOf(ProcessStateEvent.class, typed(
        "PROCESS_STATE_FATAL", "processname:fast groupname:fast from_state:BACKOFF"));
    assertEquals(ProcessState.FATAL, fatal.state());
    assertEquals(ProcessState.BACKOFF, fatal.fromState());
  }

  @Test
  void outputEventsSplitHeaderAndData() {
    ProcessLogEvent log = assertInstanceOf(ProcessLogEvent.class, typed("PROCESS_LOG_STDOUT",
        "processname:crasher groupname:crasher pid:5350 channel:stdout\nhi\n"));
    assertEquals("crasher", log.processName());
    assertEquals(5350, log.pid());
    assertEquals(Event.Channel.STDOUT, log.channel());
    assertEquals("hi\n", log.data());

    ProcessCommunicationEvent comm = assertInstanceOf(ProcessCommunicationEvent.class, typed(
        "PROCESS_COMMUNICATION_STDERR", "processname:comm groupname:comm pid:10888\nhello\ncomm"));
    assertEquals(Event.Channel.STDERR, comm.channel());
    assertEquals("hello\ncomm", comm.data());
    assertEquals(10888, comm.pid());
  }

  @Test
  void remoteGroupSupervisorAndTickEvents() {
    RemoteCommunicationEvent remote = assertInstanceOf(RemoteCommunicationEvent.class,
        typed("REMOTE_COMMUNICATION", "type:mytype\nsome data é\nmore"));
    assertEquals("mytype", remote.type());
    assertEquals("some data é\nmore", remote.data());

    ProcessGroupEvent added = assertInstanceOf(ProcessGroupEvent.class,
        typed("PROCESS_GROUP_ADDED", "groupname:lst\n"));
    assertEquals("lst", added.groupName());
    assertEquals(true, added.added());
    assertEquals(false, assertInstanceOf(ProcessGroupEvent.class,
        typed("PROCESS_GROUP_REMOVED", "groupname:lst\n")).added());

    assertEquals(true, assertInstanceOf(SupervisorStateChangeEvent.class,
        typed("SUPERVISOR_STATE_CHANGE_RUNNING", "")).running());
    assertEquals(false, assertInstanceOf(SupervisorStateChangeEvent.class,
        typed("SUPERVISOR_STATE_CHANGE_STOPPING", "")).running());

    TickEvent tick = assertInstanceOf(TickEvent.class, typed("TICK_60", "when:1795288440"));
    assertEquals(60, tick.periodSeconds());
    assertEquals(1795288440L, tick.when());
  }

  @Test
  void unknownNamesAndMalformedPayloadsFallBackToGeneric() {
    for (String[] c : new String[][] {
        {"MY_CUSTOM_EVENT", "a:b"},
        {"PROCESS_STATE", "processname:a groupname:a from_state:STOPPED"},
        {"PROCESS_STATE_RUNNING", "groupname:a from_state:STARTING pid:1"},
        {"PROCESS_STATE_RUNNING", "processname:a groupname:a from_state:NOPE pid:1"},
        {"PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING expected:2 pid:1"},
        {"PROCESS_LOG_STDOUT", "processname:a groupname:a pid:1 channel:stdout"},
        {"PROCESS_LOG_STDOUT", "processname:a groupname:a pid:x channel:stdout\nd"},
        {"REMOTE_COMMUNICATION", "no newline"},
        {"TICK_5", "when:soon"}}) {
      GenericEvent generic = assertInstanceOf(GenericEvent.class, typed(c[0], c[1]), c[0]);
      assertEquals(c[1], generic.payload());
      assertEquals(c[0], generic.eventName());
    }
  }
}
