package dev.jsupervisor.listeners.control;

/**
 * Where a listener's decisions go, one line each: the launcher writes them to stderr (stdout
 * belongs to the listener protocol), tests record them.
 */
public interface ListenerLog {
  void info(String line);

  void warn(String line);

  void error(String line);
}
