package dev.jsupervisor.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

  @Test
  void stopTimeUsesTwelveHourClockWithZeroPaddedFields() {
    // 2026-03-05 00:07 UTC, 12:59 UTC and 13:00 UTC.
    long midnight = 1_772_669_220L;
    assertEquals("Mar 05 12:07 AM",
        ProcessDescription.of(ProcessState.STOPPED, "x", 0, 5, midnight, 0, null, ZoneOffset.UTC));
    assertEquals("Mar 05 12:59 PM", ProcessDescription.of(
        ProcessState.STOPPED, "x", 0, 5, midnight + 12 * 3600 + 52 * 60, 0, null, ZoneOffset.UTC));
    assertEquals("Mar 05 01:00 PM", ProcessDescription.of(
        ProcessState.STOPPED, "x", 0, 5, midnight + 12 * 3600 + 53 * 60, 0, null, ZoneOffset.UTC));
  }

  @Test
  void stopTimeMatchesTheCLocalesStrftimeEveryMonthAndHour() {
    DateTimeFormatter strftime = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);
    ZoneId zone = ZoneId.of("America/New_York");
    // Steps of 31 h 7 min: every month, hour and many minutes over two years.
    for (long t = 1_767_225_600L; t < 1_767_225_600L + 2 * 365 * 86_400L; t += 31 * 3600 + 420) {
      assertEquals(
          strftime.format(Instant.ofEpochSecond(t).atZone(zone)),
          ProcessDescription.of(ProcessState.EXITED, "x", 0, 1, t, t, null, zone),
          "at " + t);
    }
  }
}
