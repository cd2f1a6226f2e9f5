package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTailTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"),
      ZoneOffset.UTC);

  private static EventTail.Settings settings(String... args) throws Exception {
    return EventTail.settings(new DefaultParser().parse(EventTail.options(), args, false),
        Map.of(), NOW);
  }

  @Test
  void sinceTakesADurationBackOrAnInstant() {
    assertEquals(Instant.parse("2026-12-07T02:50:00Z"), EventTail.since("10m", NOW));
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"),
        EventTail.since("2026-12-01T00:00:00Z", NOW));
  }

  @Test
  void filterDefaultsToEverySupervisorSubject() throws Exception {
    EventTail.Settings s = settings("--nats", "nats://127.0.0.1:1", "--count", "3");
    assertEquals("supervisor.>", s.filter());
    assertEquals(3, s.count());
    assertEquals("supervisor.*.PROCESS_STATE_FATAL.>",
        settings("supervisor.*.PROCESS_STATE_FATAL.>").filter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--since=yesterday", "--since=2026-13-01T00:00:00Z", "--count=0",
      "--count=x", "a b"})
  void badArgumentsAreRefused(String arg) {
    assertThrows(IllegalArgumentException.class, () -> settings(arg));
  }

  @Test
  void sinceAndAllTogetherAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> settings("--since", "1m", "--all"));
  }

  @Test
  void unreachableServerIsOneLineAndExitOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EventTail.run(new String[] {"--nats", "nats://127.0.0.1:1"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
            StandardCharsets.UTF_8), Map.of());
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, text);
    assertTrue(text.startsWith("event-forwarder tail: cannot connect to NATS at"), text);
    assertEquals(1, text.lines().count(), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--since=", "--since= ", "a.>.b", "a..b", ".a"})
  void badSinceOrFilterIsOneLineAndExitTwo(String arg) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EventTail.run(new String[] {"--nats", "nats://127.0.0.1:1", arg},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
            StandardCharsets.UTF_8), Map.of());
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, text);
    List<String> lines = text.lines().toList();
    assertEquals(2, lines.size(), text);
    assertTrue(lines.get(0).startsWith("event-forwarder tail: "), text);
    assertTrue(lines.get(0).contains(arg.startsWith("--") ? "--since" : "'" + arg + "'"), text);
    assertEquals("try: event-forwarder tail --help", lines.get(1));
  }
}
