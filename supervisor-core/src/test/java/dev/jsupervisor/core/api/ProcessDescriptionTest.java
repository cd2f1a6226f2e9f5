package dev.jsupervisor.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class ProcessDescriptionTest {
  @Test
  void uptimeFollowsPythonTimedelta() {
    assertEquals("0:00:00", ProcessDescription.uptime(0));
    assertEquals("0:00:05", ProcessDescription.uptime(5));
    assertEquals("23:59:59", ProcessDescription.uptime(86_399));
    assertEquals("1 day, 0:00:00", ProcessDescription.uptime(86_400));
    assertEquals("3 days, 1:02:03", ProcessDescription.uptime(3 * 86_400 + 3723));
  }

  @Test
  void runningUptimeIsNeverNegative() {
    assertEquals(
        "pid 7, uptime 0:00:00",
        ProcessDescription.of(ProcessState.RUNNING, "x", 7, 100, 0, 90, null, ZoneOffset.UTC));
  }

  @Test
  void backoffAndFatalShowSpawnerrOrTheTailHint() {
    assertEquals(
        "Bad exit code 3",
        ProcessDescription.of(ProcessState.FATAL, "x", 0, 1, 2, 3, "Bad exit code 3", ZoneOffset.UTC));
    assertEquals(
        "unknown error (try \"tail web\")",
        ProcessDescription.of(ProcessState.BACKOFF, "web", 0, 1, 2, 3, null, ZoneOffset.UTC));
  }

  @Test
  void stoppedShowsLocalStopTimeAndOthersAreEmpty() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    // 2026-11-21 18:13:00 UTC = 19:13 in Paris.
    long stop = 1_795_284_780L;
    assertEquals(
        "Nov 21 07:13 PM",
        ProcessDescription.of(ProcessState.EXITED, "x", 0, 5, stop, stop, null, paris));
    assertEquals("", ProcessDescription.of(ProcessState.STOPPING, "x", 3, 5, 0, 9, null, paris));
    assertEquals("", ProcessDescription.of(ProcessState.UNKNOWN, "x", 3, 5, 0, 9, null, paris));
  }
}
