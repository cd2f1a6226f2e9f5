package dev.jsupervisor.listeners.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A free TCP port for a server a test starts on 127.0.0.1 (tests only). */
final class LoopbackPorts {
  private LoopbackPorts() {}

  static int free() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
