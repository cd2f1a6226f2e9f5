package dev.jsupervisor.core.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A free loopback TCP port for a server a test starts (tests only). */
final class ServerSockets {
  private ServerSockets() {}

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
