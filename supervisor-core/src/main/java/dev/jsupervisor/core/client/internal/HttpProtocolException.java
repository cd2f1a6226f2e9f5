package dev.jsupervisor.core.client.internal;

import java.io.IOException;

/** The server's bytes are not the HTTP/1.x we expect; the message says what and where. */
public final class HttpProtocolException extends IOException {
  public HttpProtocolException(String message) {
    super(message);
  }
}
