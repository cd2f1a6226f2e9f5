package dev.jsupervisor.core.util;

import java.time.LocalDateTime;

/**
 * supervisord's log timestamp, {@code 2026-11-22 07:26:47,230}, for the daemon's main log and a
 * listener's stderr log. Built by hand: a {@code DateTimeFormatter} costs a fresh JVM its set-up
 * (~10 ms) and, interpreted, several times as much per line. Pure.
 */
public final class LogTimestamp {
  private LogTimestamp() {}

  public static String format(LocalDateTime t) {
    StringBuilder b = new StringBuilder(23).append(t.getYear()).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append(' ');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append(',');
    return pad(b, t.getNano() / 1_000_000, 3).toString();
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits);
  }
}
