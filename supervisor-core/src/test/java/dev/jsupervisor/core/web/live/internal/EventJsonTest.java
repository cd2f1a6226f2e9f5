package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  @Test
  void stateEventsCarryProcessStateAndPid() {
    Event e = Event.processState(ProcessState.RUNNING, "p\"<x>", "g", ProcessState.STARTING, 0, 77, false);
    assertEquals("{\"type\":\"PROCESS_STATE_RUNNING\",\"time\":5,\"state\":\"RUNNING\",\"group\":\"g\","
        + "\"name\":\"p\\\"<x>\",\"from\":\"STARTING\",\"pid\":77,\"tries\":0}", EventJson.of(e, 5));
  }

  @Test
  void groupAndDaemonEventsPassOutputAndTicksDoNot() {
    assertEquals("{\"type\":\"PROCESS_GROUP_ADDED\",\"time\":1,\"group\":\"web\"}",
        EventJson.of(Event.groupAdded("web"), 1));
    assertEquals("{\"type\":\"SUPERVISOR_STATE_CHANGE_STOPPING\",\"time\":1}",
        EventJson.of(Event.supervisorStateChange(SupervisorState.SHUTDOWN), 1));
    assertNull(EventJson.of(Event.processLog(Event.Channel.STDOUT, "p", "g", 1, "<script>"), 1));
    assertNull(EventJson.of(Event.tick(EventType.TICK_5, 5), 1));
  }

  @Test
  void aMalformedPayloadStillGivesValidJson() {
    Event e = new Event(EventType.PROCESS_STATE_BACKOFF, "garbage pid:notanumber");
    assertEquals("{\"type\":\"PROCESS_STATE_BACKOFF\",\"time\":0,\"state\":\"BACKOFF\",\"group\":\"\","
        + "\"name\":\"\",\"from\":\"\",\"pid\":0,\"tries\":0}", EventJson.of(e, 0));
  }
}
