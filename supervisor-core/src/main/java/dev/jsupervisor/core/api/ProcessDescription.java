package dev.jsupervisor.core.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The {@code description} text of a process info struct (xmlrpc-api.md §4).
 *
 * <p>Built by hand rather than with {@code DateTimeFormatter} or {@code String.format}: the
 * first month name or AM/PM marker a formatter prints loads the JDK's locale data, about 10 ms,
 * and that first time is an ordered-startup listener's first poll of an exited init script.
 */
public final class ProcessDescription {
  /** supervisord's {@code strftime("%b")} in the C locale. */
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private ProcessDescription() {}

  /**
   * @param start epoch seconds of the last spawn, 0 if never
   * @param stop epoch seconds of the last exit
   * @param now epoch seconds now
   * @param zone the zone stop times are shown in (the daemon's local time)
   */
  public static String of(
      ProcessState state,
      String name,
      int pid,
      long start,
      long stop,
      long now,
      String spawnerr,
      ZoneId zone) {
    switch (state) {
      case RUNNING:
        return "pid " + pid + ", uptime " + uptime(Math.max(0, now - start));
      case BACKOFF:
      case FATAL:
        return spawnerr == null || spawnerr.isEmpty()
            ? "unknown error (try \"tail " + name + "\")"
            : spawnerr;
      case STOPPED:
      case EXITED:
        if (start == 0) {
          return "Not started";
        }
        return stopTime(Instant.ofEpochSecond(stop).atZone(zone));
      default:
        return "";
    }
  }

  /** Python's {@code str(timedelta)} for whole seconds: {@code 0:00:05}, {@code 2 days, 1:00:00}. */
  public static String uptime(long seconds) {
    long days = seconds / 86_400;
    long rest = seconds % 86_400;
    StringBuilder out = new StringBuilder(24);
    if (days != 0) {
      out.append(days).append(days == 1 ? " day, " : " days, ");
    }
    out.append(rest / 3600).append(':');
    twoDigits(out, rest % 3600 / 60).append(':');
    return twoDigits(out, rest % 60).toString();
  }

  /** supervisord's {@code strftime("%b %d %I:%M %p")} in the C locale: {@code Nov 21 07:13 PM}. */
  private static String stopTime(ZonedDateTime at) {
    StringBuilder out = new StringBuilder(15);
    out.append(MONTHS[at.getMonthValue() - 1]).append(' ');
    twoDigits(out, at.getDayOfMonth()).append(' ');
    int hour = at.getHour();
    twoDigits(out, hour % 12 == 0 ? 12 : hour % 12).append(':');
    twoDigits(out, at.getMinute()).append(hour < 12 ? " AM" : " PM");
    return out.toString();
  }

  private static StringBuilder twoDigits(StringBuilder out, long value) {
    return out.append(value < 10 ? "0" : "").append(value);
  }
}
