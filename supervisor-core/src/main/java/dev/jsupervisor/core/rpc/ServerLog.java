package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.util.LogLevel;

/** The callback through which the HTTP/RPC layer writes to the daemon's log. */
@FunctionalInterface
public interface ServerLog {

  void log(LogLevel level, String message);

  /** A log that drops everything (tests, tools). */
  static ServerLog discard() {
    return (level, message) -> {};
  }
}
