package dev.jsupervisor.testkit;

/**
 * Fails a test because the listener under test broke the event listener protocol, exited or did
 * not answer in time; the message says what it did and what supervisord expected instead.
 */
public final class ListenerProtocolError extends AssertionError {
  private static final long serialVersionUID = 1L;

  public ListenerProtocolError(String message) {
    super(message);
  }
}
