package dev.jsupervisor.listeners.sdk;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Where a listener's messages go, one line each: stderr for a running listener (stdout belongs to
 * the protocol), a recorder in tests.
 */
public interface ListenerLog {
  void info(String message);

  void warn(String message);

  void error(String message);

  /** An error with the exception's type, message and the frame it was thrown from. */
  default void error(String message, Throwable t) {
    StringBuilder sb = new StringBuilder(message).append(": ").append(t);
    StackTraceElement[] trace = t.getStackTrace();
    if (trace.length > 0) {
      sb.append(" (at ").append(trace[0]).append(')');
    }
    error(sb.toString());
  }

  /** A log to this process's real stderr. */
  static ListenerLog toStderr(String name) {
    return toStream(name, System.err);
  }

  /** A log to {@code err}, stamped with the local time. */
  static ListenerLog toStream(String name, PrintStream err) {
    return new StderrListenerLog(name, err, Clock.systemDefaultZone());
  }
}
