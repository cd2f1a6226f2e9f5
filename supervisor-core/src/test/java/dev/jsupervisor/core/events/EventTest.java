package dev.jsupervisor.core.events;

import static dev.jsupervisor.core.api.ProcessState.BACKOFF;
import static dev.jsupervisor.core.api.ProcessState.EXITED;
import static dev.jsupervisor.core.api.ProcessState.FATAL;
import static dev.jsupervisor.core.api.ProcessState.RUNNING;
import static dev.jsupervisor.core.api.ProcessState.STARTING;
import static dev.jsupervisor.core.api.ProcessState.STOPPED;
import static dev.jsupervisor.core.api.ProcessState.STOPPING;
import static dev.jsupervisor.core.api.ProcessState.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.SupervisorState;
import org.junit.jupiter.api.Test;

/** Payloads and lengths compared with the captures of events.md §6. */
class EventTest {

  private static void assertEvent(EventType type, int len, String payload, Event actual) {
    assertEquals(type, actual.type());
    assertEquals(payload, actual.payload());
    assertEquals(len, ListenerCodec.payloadLength(actual.payload()));
  }

  @Test
  void processStatePayloadsCarryTheFieldsOfEachState() {
    assertEvent(EventType.PROCESS_STATE_STARTING, 64,
        "processname:sleeper groupname:sleeper from_state:STOPPED tries:0",
        Event.processState(STARTING, "sleeper", "sleeper", STOPPED, 0, 0, false));
    assertEvent(EventType.PROCESS_STATE_RUNNING, 66,
        "processname:sleeper groupname:sleeper from_state:STARTING pid:4915",
        Event.processState(RUNNING, "sleeper", "sleeper", STARTING, 0, 4915, false));
    assertEvent(EventType.PROCESS_STATE_EXITED, 76,
        "processname:crasher groupname:crasher from_state:RUNNING expected:0 pid:5350",
        Event.processState(EXITED, "crasher", "crasher", RUNNING, 0, 5350, false));
    assertEvent(EventType.PROCESS_STATE_BACKOFF, 59,
        "processname:fast groupname:fast from_state:STARTING tries:1",
        Event.processState(BACKOFF, "fast", "fast", STARTING, 1, 0, false));
    assertEvent(EventType.PROCESS_STATE_FATAL, 50,
        "processname:fast groupname:fast from_state:BACKOFF",
        Event.processState(FATAL, "fast", "fast", BACKOFF, 3, 99, false));
    assertEvent(EventType.PROCESS_STATE_STOPPING, 65,
        "processname:sleeper groupname:sleeper from_state:RUNNING pid:6807",
        Event.processState(STOPPING, "sleeper", "sleeper", RUNNING, 0, 6807, false));
    assertEvent(EventType.PROCESS_STATE_STOPPED, 66,
        "processname:sleeper groupname:sleeper from_state:STOPPING pid:6807",
        Event.processState(STOPPED, "sleeper", "sleeper", STOPPING, 0, 6807, false));
    assertEquals("processname:multi_05 groupname:multi from_state:RUNNING expected:1 pid:7",
        Event.processState(EXITED, "multi_05", "multi", RUNNING, 0, 7, true).payload());
    assertEquals("processname:g1 groupname:grp from_state:STOPPING",
        Event.processState(UNKNOWN, "g1", "grp", STOPPING, 0, 7, true).payload());
  }

  @Test
  void outputEventsPutTheDataAfterAHeaderLine() {
    assertEvent(EventType.PROCESS_LOG_STDOUT, 65,
        "processname:crasher groupname:crasher pid:5350 channel:stdout\nhi\n",
        Event.processLog(Event.Channel.STDOUT, "crasher", "crasher", 5350, "hi\n"));
    assertEquals("processname:a groupname:b pid:1 channel:stderr\noops",
        Event.processLog(Event.Channel.STDERR, "a", "b", 1, "oops").payload());
    assertEquals(EventType.PROCESS_LOG_STDERR,
        Event.processLog(Event.Channel.STDERR, "a", "b", 1, "oops").type());
    assertEvent(EventType.PROCESS_COMMUNICATION_STDOUT, 52,
        "processname:comm groupname:comm pid:10888\nhello comm",
        Event.processCommunication(Event.Channel.STDOUT, "comm", "comm", 10888, "hello comm"));
    assertEquals(EventType.PROCESS_COMMUNICATION_STDERR,
        Event.processCommunication(Event.Channel.STDERR, "c", "c", 1, "x").type());
  }

  @Test
  void remoteGroupSupervisorAndTickPayloads() {
    assertEvent(EventType.REMOTE_COMMUNICATION, 10, "type:t0\nd0",
        Event.remoteCommunication("t0", "d0"));
    assertEvent(EventType.REMOTE_COMMUNICATION, 23, "type:mytype\nsome data é",
        Event.remoteCommunication("mytype", "some data é"));
    assertEvent(EventType.PROCESS_GROUP_ADDED, 14, "groupname:lst\n", Event.groupAdded("lst"));
    assertEvent(EventType.PROCESS_GROUP_REMOVED, 12, "groupname:x\n", Event.groupRemoved("x"));
    assertEvent(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, 0, "",
        Event.supervisorStateChange(SupervisorState.RUNNING));
    assertEvent(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, 0, "",
        Event.supervisorStateChange(SupervisorState.SHUTDOWN));
    assertEvent(EventType.TICK_5, 15, "when:1795288410", Event.tick(EventType.TICK_5, 1795288410));
  }

  @Test
  void rejectsImpossibleEvents() {
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.TICK, "when:5"));
    assertThrows(IllegalArgumentException.class, () -> Event.tick(EventType.TICK_60, 1795288410));
    assertThrows(IllegalArgumentException.class, () -> Event.tick(EventType.REMOTE_COMMUNICATION, 0));
  }
}
