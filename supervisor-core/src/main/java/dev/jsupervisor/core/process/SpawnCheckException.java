package dev.jsupervisor.core.process;

import dev.jsupervisor.core.api.Fault;

/**
 * A command line that fails supervisord's pre-spawn checks: the {@link Fault} is what
 * {@code startProcess} answers ({@code NO_FILE} or {@code NOT_EXECUTABLE}), the message its text.
 */
public final class SpawnCheckException extends SpawnException {
  private static final long serialVersionUID = 1L;

  private final Fault fault;

  public SpawnCheckException(Fault fault, String message) {
    super(message);
    this.fault = fault;
  }

  public Fault fault() {
    return fault;
  }
}
