package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.util.LogLevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.util.FakeClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainLogTest {
  @Test
  void linesHaveSupervisordsStampLevelTagAndNewline() {
    FakeClock clock = new FakeClock(1_795_288_410_000L);
    clock.advance(Duration.ofMillis(123));
    MainLog log = new MainLog(clock, ZoneOffset.UTC, LogLevel.INFO);
    List<String> lines = new ArrayList<>();
    log.addSink(lines::add);
    log.info("spawned: 'a' with pid 42");
    log.critical("Supervisor is running as root.");
    assertEquals(
        List.of(
            "2026-11-21 19:13:30,123 INFO spawned: 'a' with pid 42\n",
            "2026-11-21 19:13:30,123 CRIT Supervisor is running as root.\n"),
        lines);
  }

  @Test
  void messagesBelowTheLevelAreDropped() {
    MainLog log = new MainLog(new FakeClock(), ZoneOffset.UTC, LogLevel.WARN);
    List<String> lines = new ArrayList<>();
    log.addSink(lines::add);
    log.info("no");
    log.debug("no");
    log.blather("no");
    log.warn("yes");
    log.error("yes");
    assertEquals(2, lines.size());
    log.setLevel(LogLevel.BLATHER);
    log.blather("now yes");
    assertEquals(3, lines.size());
    assertEquals("BLAT", lines.get(2).substring(24, 28));
  }

  @Test
  void levelNamesParseLikeSupervisord() {
    assertEquals(LogLevel.WARN, LogLevel.parse("WARN"));
    assertEquals(LogLevel.BLATHER, LogLevel.parse(" blather "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogLevel.parse("warning"));
    assertEquals("bad logging level name 'warning'", e.getMessage());
  }

  @Test
  void perLineSinksGetEachLineOfAMessageAsAWholeLogLine() {
    FakeClock clock = new FakeClock(1_795_288_410_000L);
    MainLog log = new MainLog(clock, ZoneOffset.UTC, LogLevel.DEBUG);
    List<String> whole = new ArrayList<>();
    List<String> perLine = new ArrayList<>();
    log.addSink(whole::add);
    log.addPerLineSink(perLine::add);
    log.debug("'x' stdout output:\nhello\n");
    log.trace("below the level");
    assertEquals(List.of("2026-11-21 19:13:30,000 DEBG 'x' stdout output:\nhello\n\n"), whole);
    assertEquals(
        List.of(
            "2026-11-21 19:13:30,000 DEBG 'x' stdout output:\n",
            "2026-11-21 19:13:30,000 DEBG hello\n"),
        perLine);
  }
}
