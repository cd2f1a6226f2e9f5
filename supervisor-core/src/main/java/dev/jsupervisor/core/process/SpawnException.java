package dev.jsupervisor.core.process;

/** A child could not be started; the message is the {@code spawnerr} supervisord would record. */
public class SpawnException extends Exception {
  private static final long serialVersionUID = 1L;

  public SpawnException(String spawnerr) {
    super(spawnerr);
  }

  public SpawnException(String spawnerr, Throwable cause) {
    super(spawnerr, cause);
  }
}
