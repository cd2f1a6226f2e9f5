package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class StderrListenerLogTest {
  @Test
  void timestampsMatchSupervisordsFormatEvenWhereFieldsNeedPadding() {
    DateTimeFormatter supervisord = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    // Steps of 7 h 13 min 1.007 s over three years: every field, padded and not.
    long step = ((7 * 60 + 13) * 60 + 1) * 1000L + 7;
    for (long ms = 1_767_225_600_000L; ms < 1_767_225_600_000L + 3 * 365 * 86_400_000L; ms += step) {
      LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
      assertEquals(supervisord.format(t), StderrListenerLog.timestamp(t), "at " + ms);
    }
  }

  @Test
  void aLineCarriesTheTimeLevelNameAndTheMessageOnOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-03-05T04:05:06.007Z"), ZoneOffset.UTC);
    new StderrListenerLog("ordered", new PrintStream(err, true, StandardCharsets.UTF_8), clock)
        .warn("two\nlines");
    assertEquals("2026-03-05 04:05:06,007 WARN ordered: two\\nlines\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutAClockTheLineIsStampedWithTheLocalTimeNow() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LocalDateTime before = LocalDateTime.now().withNano(0);
    new StderrListenerLog("x", new PrintStream(err, true, StandardCharsets.UTF_8), null).info("hi");
    LocalDateTime stamped = LocalDateTime.parse(err.toString(StandardCharsets.UTF_8).substring(0, 23),
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
    assertTrue(!stamped.isBefore(before), stamped + " before " + before);
  }
}
