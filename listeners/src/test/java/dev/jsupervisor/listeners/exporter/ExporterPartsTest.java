package dev.jsupervisor.listeners.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.EventHeader;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import org.junit.jupiter.api.Test;

class ExporterPartsTest {

  private static ListenerEvent event(String name, String payload) {
    return ListenerEvent.of(new EventHeader("3.0", "supervisor", 1, "exporter", 1, name,
        payload.length()), payload);
  }

  @Test
  void countsStateEventsAsTheDaemonsTallyDoesAndAlwaysAcknowledges() {
    EventTally tally = new EventTally();
    assertEquals(EventHandler.Result.OK, Main.count(tally, event("PROCESS_STATE_EXITED",
        "processname:web groupname:web from_state:RUNNING expected:0 pid:42")));
    assertEquals(EventHandler.Result.OK, Main.count(tally, event("NOT_A_TYPE", "x")));
    assertEquals(EventHandler.Result.OK, Main.count(tally, event("PROCESS_STATE", "abstract")));
    assertEquals(EventHandler.Result.OK,
        Main.count(tally, event("PROCESS_STATE_RUNNING", "truncated")));
    assertEquals(1, tally.unexpectedExits().get(new EventTally.ProcessKey("web", "web")));
    assertEquals(1, tally.transitions().get(new EventTally.Transition(
        new EventTally.ProcessKey("web", "web"), ProcessState.RUNNING, ProcessState.EXITED)));
    assertEquals(1, tally.events(EventType.PROCESS_STATE_RUNNING));
  }

  @Test
  void commandLineTakesHostAndPortAndRefusesAnythingElse() {
    ExporterCommandLine defaults = ExporterCommandLine.parse();
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(9101, defaults.port());
    ExporterCommandLine v6 = ExporterCommandLine.parse("--listen", "[::1]:9200");
    assertEquals("::1", v6.host());
    assertEquals(9200, v6.port());
    assertTrue(ExporterCommandLine.parse("-h").help());
    for (String bad : new String[] {"9101", ":9101", "host:", "host:x", "host:70000",
        "host:-1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ExporterCommandLine.parse("--listen", bad));
      assertTrue(e.getMessage().startsWith("supervisor-exporter: --listen"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ExporterCommandLine.parse("extra"));
    assertThrows(IllegalArgumentException.class, () -> ExporterCommandLine.parse("--nope"));
  }
}
