package dev.jsupervisor.listeners.sdk;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * A {@link ListenerLog} on stderr (stdout belongs to the protocol): one line per message with a
 * timestamp in supervisord's format and the listener's name. The timestamp is built by hand and
 * the local zone looked up at the first line, not at construction: a formatter and the zone
 * rules cost a fresh JVM ~40 ms, and a listener makes its log before anything else.
 */
public final class StderrListenerLog implements ListenerLog {

  private final String name;
  private final PrintStream err;
  private final Clock clock;

  /** {@code clock} null: the system clock in the default zone, as it is at each line. */
  public StderrListenerLog(String name, PrintStream err, Clock clock) {
    this.name = name;
    this.err = err;
    this.clock = clock;
  }

  @Override
  public void info(String message) {
    write("INFO", message);
  }

  @Override
  public void warn(String message) {
    write("WARN", message);
  }

  @Override
  public void error(String message) {
    write("ERRO", message);
  }

  @Override
  public void error(String message, Throwable t) {
    StringBuilder sb = new StringBuilder(message).append(": ").append(t);
    StackTraceElement[] trace = t.getStackTrace();
    if (trace.length > 0) {
      sb.append(" (at ").append(trace[0]).append(')');
    }
    write("ERRO", sb.toString());
  }

  private void write(String level, String message) {
    String oneLine = message.replace("\r", "\\r").replace("\n", "\\n");
    String line = timestamp(clock == null ? LocalDateTime.now() : LocalDateTime.now(clock))
        + " " + level + " " + name + ": "
        + oneLine;
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }

  /** {@code 2026-11-22 07:26:47,230}: supervisord's log timestamp. */
  static String timestamp(LocalDateTime t) {
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
