package dev.jsupervisor.listeners.sdk;

import java.io.IOException;

/** What the supervisor wrote to the listener's stdin does not follow the event protocol. */
public final class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
