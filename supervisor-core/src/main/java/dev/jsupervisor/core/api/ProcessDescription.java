package dev.jsupervisor.core.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code description} text of a process info struct (xmlrpc-api.md §4). */
public final class ProcessDescription {
  private static final DateTimeFormatter STOP_TIME =
      DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

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
        return STOP_TIME.format(Instant.ofEpochSecond(stop).atZone(zone));
      default:
        return "";
    }
  }

  /** Python's {@code str(timedelta)} for whole seconds: {@code 0:00:05}, {@code 2 days, 1:00:00}. */
  public static String uptime(long seconds) {
    long days = seconds / 86_400;
    long rest = seconds % 86_400;
    String clock = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
    if (days == 0) {
      return clock;
    }
    return days + (days == 1 ? " day, " : " days, ") + clock;
  }
}
