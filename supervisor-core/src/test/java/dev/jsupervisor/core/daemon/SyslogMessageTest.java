package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogMessageTest {
  @Test
  void datagramsHaveGlibcsHeaderWithASpacePaddedDay() {
    ZonedDateTime when = ZonedDateTime.of(2026, 11, 1, 3, 4, 5, 0, ZoneOffset.UTC);
    byte[] d = SyslogMessage.datagram(SyslogMessage.USER_INFO, when, "supervisord", "x é\n");
    assertEquals(
        "<14>Nov  1 03:04:05 supervisord: x é\n", new String(d, StandardCharsets.UTF_8));
    ZonedDateTime later = ZonedDateTime.of(2026, 12, 21, 23, 59, 59, 999_000_000, ZoneOffset.UTC);
    assertEquals(
        "<14>Dec 21 23:59:59 supervisord: ",
        new String(SyslogMessage.datagram(14, later, "supervisord", ""), StandardCharsets.UTF_8));
  }

  @Test
  void childOutputIsOneMessagePerLineWithTrailingNewlinesDropped() {
    assertEquals(List.of("web hello", "web world"), SyslogMessage.childLines("web", "hello\nworld\n"));
    assertEquals(List.of("web a", "web ", "web b"), SyslogMessage.childLines("web", "a\n\nb\n\n\n"));
    assertEquals(List.of("web partial"), SyslogMessage.childLines("web", "partial"));
    assertEquals(List.of("web "), SyslogMessage.childLines("web", "\n"));
    assertEquals(List.of("web cr\r"), SyslogMessage.childLines("web", "cr\r\n"));
  }

  @Test
  void mainLogMessagesSplitIntoLines() {
    assertEquals(List.of("'x' stdout output:", "hi"), SyslogMessage.messageLines("'x' stdout output:\nhi\n"));
    assertEquals(List.of("one"), SyslogMessage.messageLines("one"));
  }
}
