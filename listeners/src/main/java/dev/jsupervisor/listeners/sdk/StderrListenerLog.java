package dev.jsupervisor.listeners.sdk;

import dev.jsupervisor.core.util.LogTimestamp;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * A {@link ListenerLog} on stderr (stdout belongs to the protocol): one line per message with a
 * timestamp in supervisord's format ({@link LogTimestamp}) and the listener's name.
 */
public final class StderrListenerLog implements ListenerLog {
  private final String name;
  private final PrintStream err;
  private final Clock clock;

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
    String line = LogTimestamp.format(LocalDateTime.now(clock)) + " " + level + " " + name + ": "
        + oneLine;
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
