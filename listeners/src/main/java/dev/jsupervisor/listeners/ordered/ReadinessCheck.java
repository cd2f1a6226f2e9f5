package dev.jsupervisor.listeners.ordered;

import java.net.URI;

/**
 * A {@code startready} check a program must pass, once RUNNING, before programs waiting for its
 * RUNNING state start: a TCP connect, an HTTP GET answering 2xx, or a command exiting 0.
 */
public sealed interface ReadinessCheck {

  /** The check as the config writes it. */
  String spec();

  /** Accepts a TCP connection on host:port. */
  record Tcp(String host, int port) implements ReadinessCheck {
    @Override
    public String spec() {
      return "tcp:" + host + ":" + port;
    }
  }

  /** Answers an HTTP GET with a 2xx status. */
  record Http(URI uri) implements ReadinessCheck {
    @Override
    public String spec() {
      return uri.toString();
    }
  }

  /** {@code /bin/sh -c command} exits 0. */
  record Command(String command) implements ReadinessCheck {
    @Override
    public String spec() {
      return "cmd:" + command;
    }
  }

  /**
   * Reads a {@code startready} value.
   *
   * @throws IllegalArgumentException with a message saying what is wrong with the value
   */
  static ReadinessCheck parse(String value) {
    String v = value.strip();
    if (v.startsWith("tcp:")) {
      String rest = v.substring(4);
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + v + "' needs the form tcp:HOST:PORT");
      }
      String host = rest.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String portText = rest.substring(colon + 1);
      int port;
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isBlank() || port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "'" + v + "' needs the form tcp:HOST:PORT with a port from 1 to 65535");
      }
      return new Tcp(host, port);
    }
    if (v.startsWith("http://") || v.startsWith("https://")) {
      URI uri;
      try {
        uri = URI.create(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + v + "' is not a valid URL");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("'" + v + "' is not a valid URL: it names no host");
      }
      return new Http(uri);
    }
    if (v.startsWith("cmd:")) {
      String command = v.substring(4).strip();
      if (command.isEmpty()) {
        throw new IllegalArgumentException("'" + v + "' names no command");
      }
      return new Command(command);
    }
    throw new IllegalArgumentException(
        "'" + v + "' is not tcp:HOST:PORT, http://URL, https://URL or cmd:COMMAND");
  }
}
