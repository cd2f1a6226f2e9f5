package dev.jsupervisor.core.util;

import java.util.Locale;

/** supervisord's seven log levels, most severe first, with the 4-letter tags of its log lines. */
public enum LogLevel {
  CRITICAL(50, "CRIT"),
  ERROR(40, "ERRO"),
  WARN(30, "WARN"),
  INFO(20, "INFO"),
  DEBUG(10, "DEBG"),
  TRACE(5, "TRAC"),
  BLATHER(3, "BLAT");

  private final int severity;
  private final String tag;

  LogLevel(int severity, String tag) {
    this.severity = severity;
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  /** Whether a message at this level is written when the log is set to {@code threshold}. */
  public boolean isEnabledAt(LogLevel threshold) {
    return severity >= threshold.severity;
  }

  /** Parses a {@code loglevel} value (any case; {@code warning} is not one, as in supervisord). */
  public static LogLevel parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "critical" -> CRITICAL;
      case "error" -> ERROR;
      case "warn" -> WARN;
      case "info" -> INFO;
      case "debug" -> DEBUG;
      case "trace" -> TRACE;
      case "blather" -> BLATHER;
      default -> throw new IllegalArgumentException("bad logging level name '" + name + "'");
    };
  }
}
