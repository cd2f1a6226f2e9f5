package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @Test
  void everyUnitReads() {
    assertEquals(Duration.ofMillis(500), Durations.parse("--x", "500ms"));
    assertEquals(Duration.ofSeconds(2), Durations.parse("--x", "2s"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("--x", "10m"));
    assertEquals(Duration.ofHours(1), Durations.parse("--x", "1h"));
    assertEquals(Duration.ofDays(7), Durations.parse("--x", "7d"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "m", "-1s", "1.5s", "10 minutes", "9999999999s", "1w"})
  void badDurationsNameTheOption(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Durations.parse("--max-age", text));
    assertTrue(e.getMessage().startsWith("--max-age '"), e.getMessage());
  }
}
