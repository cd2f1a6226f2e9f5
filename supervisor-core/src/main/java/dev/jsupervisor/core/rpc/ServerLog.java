package dev.jsupervisor.core.rpc;

/** The callback through which the HTTP/RPC layer writes to the daemon's log. */
@FunctionalInterface
public interface ServerLog {

  /** supervisord's log levels that this layer uses. */
  enum Level {
    CRIT,
    ERRO,
    WARN,
    INFO,
    DEBG
  }

  void log(Level level, String message);

  /** A log that drops everything (tests, tools). */
  static ServerLog discard() {
    return (level, message) -> {};
  }
}
