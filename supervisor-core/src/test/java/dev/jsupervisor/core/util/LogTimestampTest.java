package dev.jsupervisor.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class LogTimestampTest {
  @Test
  void timestampsMatchSupervisordsFormatEvenWhereFieldsNeedPadding() {
    DateTimeFormatter supervisord = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    // Steps of 7 h 13 min 1.007 s over three years: every field, padded and not.
    long step = ((7 * 60 + 13) * 60 + 1) * 1000L + 7;
    for (long ms = 1_767_225_600_000L; ms < 1_767_225_600_000L + 3 * 365 * 86_400_000L; ms += step) {
      LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
      assertEquals(supervisord.format(t), LogTimestamp.format(t), "at " + ms);
    }
  }
}
