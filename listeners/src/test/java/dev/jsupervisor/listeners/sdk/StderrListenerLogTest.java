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
  void aLineCarriesTheTimeLevelNameAndTheMessageOnOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-03-05T04:05:06.007Z"), ZoneOffset.UTC);
    new StderrListenerLog("ordered", new PrintStream(err, true, StandardCharsets.UTF_8), clock)
        .warn("two\nlines");
    assertEquals("2026-03-05 04:05:06,007 WARN ordered: two\\nlines\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLogToAStreamIsStampedWithTheLocalTimeNow() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LocalDateTime before = LocalDateTime.now().withNano(0);
    ListenerLog.toStream("x", new PrintStream(err, true, StandardCharsets.UTF_8)).info("hi");
    LocalDateTime stamped = LocalDateTime.parse(err.toString(StandardCharsets.UTF_8).substring(0, 23),
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
    assertTrue(!stamped.isBefore(before), stamped + " before " + before);
  }
}
