package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.util.LogLevel;

import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.core.util.LogTimestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * supervisord's main log: lines {@code 2026-11-21 19:17:06,123 INFO message} at or above the
 * configured level, written to every attached sink (the log file, and stdout in the foreground).
 * Thread-safe: I/O threads and the loop both log.
 */
public final class MainLog {
  private final Clock clock;
  private final ZoneId zone;
  private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> perLineSinks = new CopyOnWriteArrayList<>();
  private volatile LogLevel level;

  public MainLog(Clock clock, ZoneId zone, LogLevel level) {
    this.clock = clock;
    this.zone = zone;
    this.level = level;
  }

  /** Adds a destination; it receives whole lines ending in {@code \n}. */
  public void addSink(Consumer<String> sink) {
    sinks.add(sink);
  }

  public void removeSink(Consumer<String> sink) {
    sinks.remove(sink);
  }

  /**
   * Adds a destination that receives each line of a multi-line message as a log line of its own,
   * same stamp and level (how supervisord's syslog handler splits messages).
   */
  void addPerLineSink(Consumer<String> sink) {
    perLineSinks.add(sink);
  }

  public void setLevel(LogLevel level) {
    this.level = level;
  }

  public LogLevel level() {
    return level;
  }

  public boolean isEnabled(LogLevel at) {
    return at.isEnabledAt(level);
  }

  public void log(LogLevel at, String message) {
    if (!isEnabled(at)) {
      return;
    }
    Instant now = Instant.ofEpochMilli(clock.currentTimeMillis());
    String line = format(now, at, message);
    for (Consumer<String> sink : sinks) {
      sink.accept(line);
    }
    if (!perLineSinks.isEmpty()) {
      for (String part : SyslogMessage.messageLines(message)) {
        String partLine = format(now, at, part);
        for (Consumer<String> sink : perLineSinks) {
          sink.accept(partLine);
        }
      }
    }
  }

  public void critical(String m) {
    log(LogLevel.CRITICAL, m);
  }

  public void error(String m) {
    log(LogLevel.ERROR, m);
  }

  public void warn(String m) {
    log(LogLevel.WARN, m);
  }

  public void info(String m) {
    log(LogLevel.INFO, m);
  }

  public void debug(String m) {
    log(LogLevel.DEBUG, m);
  }

  public void trace(String m) {
    log(LogLevel.TRACE, m);
  }

  public void blather(String m) {
    log(LogLevel.BLATHER, m);
  }

  /** One log line, newline included. */
  String format(Instant when, LogLevel at, String message) {
    return LogTimestamp.format(LocalDateTime.ofInstant(when, zone)) + " " + at.tag() + " "
        + message + "\n";
  }
}
