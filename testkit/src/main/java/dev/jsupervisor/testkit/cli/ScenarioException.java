package dev.jsupervisor.testkit.cli;

/** A scenario file that cannot be read or run as written; the message names file and line. */
final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;

  ScenarioException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }

  ScenarioException(String message) {
    super(message);
  }
}
