package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import org.junit.jupiter.api.Test;

class ProcessStateChangeTest {
  @Test
  void readsBackWhatEventProcessStateWritesForEveryState() {
    for (ProcessState to : ProcessState.values()) {
      Event event = Event.processState(to, "web_a", "web", ProcessState.STARTING, 3, 42, false);
      assertEquals(new ProcessStateChange("web_a", "web", ProcessState.STARTING, to,
          to != ProcessState.EXITED), ProcessStateChange.of(event), to.name());
    }
    assertTrue(ProcessStateChange.of(Event.processState(ProcessState.EXITED, "a", "a",
        ProcessState.RUNNING, 0, 1, true)).expected());
  }

  @Test
  void otherEventsAndIncompletePayloadsAreNotChanges() {
    assertNull(ProcessStateChange.of(Event.groupAdded("g")));
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_RUNNING, "")));
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_RUNNING,
        "processname:x groupname:x")));
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_RUNNING,
        "from_state:STOPPED")));
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_RUNNING,
        "processname:x groupname:x from_state:NOPE")));
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_RUNNING,
        "garbage without colons " + "z".repeat(100_000))));
  }

  @Test
  void onlyTheFirstLineIsReadAndTheFirstValueWins() {
    ProcessStateChange change = ProcessStateChange.of(new Event(EventType.PROCESS_STATE_EXITED,
        "processname:a  junk :novalue processname:b groupname:g:h from_state:RUNNING\n"
            + "expected:0 processname:evil"));
    assertEquals(new ProcessStateChange("a", "g:h", ProcessState.RUNNING, ProcessState.EXITED,
        true), change);
  }

  @Test
  void fieldsBeyondTheFirstTokensAreNotRead() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("k").append(i).append(":v ");
    }
    sb.append("processname:a groupname:a from_state:STOPPED");
    assertNull(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_STARTING, sb.toString())));
    assertFalse(ProcessStateChange.of(new Event(EventType.PROCESS_STATE_EXITED,
        "processname:a groupname:a from_state:RUNNING expected:0")).expected());
  }
}
