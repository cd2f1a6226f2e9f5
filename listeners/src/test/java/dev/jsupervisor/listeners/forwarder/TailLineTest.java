package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TailLineTest {
  private static final Instant WHEN = Instant.parse("2026-12-07T03:00:00.123Z");

  private static FleetEvent event(String name, Optional<String> group, Optional<String> process,
      Map<String, String> payload, Optional<String> data) {
    return new FleetEvent("web1", "web1", Optional.empty(), 42, "fwd", 1, name, "3.0", WHEN,
        group, process, payload, data);
  }

  @Test
  void stateChangeShowsHostProcessStateAndWhereItCameFrom() {
    assertEquals("2026-12-07T03:00:00.123Z web1 web:api PROCESS_STATE_RUNNING RUNNING"
        + " (from STARTING) pid 77 #42",
        TailLine.format(event("PROCESS_STATE_RUNNING", Optional.of("web"), Optional.of("api"),
            Map.of("from_state", "STARTING", "pid", "77"), Optional.empty())));
  }

  @Test
  void remoteCommunicationShowsTypeAndData() {
    assertEquals("2026-12-07T03:00:00.123Z web1 - REMOTE_COMMUNICATION type deploy \"v2\" #42",
        TailLine.format(event("REMOTE_COMMUNICATION", Optional.empty(), Optional.empty(),
            Map.of("type", "deploy"), Optional.of("v2"))));
  }

  @Test
  void tickShowsWhen() {
    assertEquals("2026-12-07T03:00:00.123Z web1 - TICK_5 when 1700000000 #42",
        TailLine.format(event("TICK_5", Optional.empty(), Optional.empty(),
            Map.of("when", "1700000000"), Optional.empty())));
  }

  @Test
  void controlCharactersAreEscapedAndLongDataCut() {
    String line = TailLine.format(event("PROCESS_LOG_STDOUT", Optional.of("g\u001b[2J"),
        Optional.of("p\nq"), Map.of(), Optional.of("x\r\n".repeat(100))));
    assertFalse(line.chars().anyMatch(c -> c < 0x20), line);
    assertEquals(true, line.contains("g\\x1b[2J:p\\x0aq"), line);
    assertEquals(true, line.contains("...\" #42"), line);
  }
}
