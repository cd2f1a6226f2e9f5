package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.util.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends log lines to the local syslog socket (normally {@code /dev/log}) as supervisord does for
 * {@code logfile=syslog} and {@code stdout_syslog} / {@code stderr_syslog}. A missing or refusing
 * socket never fails the caller: the lines are dropped, as glibc drops them, and one warning says
 * so until a send succeeds again. Thread-safe.
 */
final class Syslog implements AutoCloseable {
  /** Where the daemon sends; the system property exists for tests. */
  static final String SOCKET_PROPERTY = "jsupervisor.syslog.socket";

  static final String DEFAULT_SOCKET = "/dev/log";

  private final Posix posix;
  private final String socketPath;
  private final Clock clock;
  private final ZoneId zone;
  private final Consumer<String> warning;
  private final AtomicBoolean failing = new AtomicBoolean();
  private int fd = -1;

  /**
   * @param warning told once when sending starts failing (and again only after a success)
   */
  Syslog(Posix posix, String socketPath, Clock clock, ZoneId zone, Consumer<String> warning) {
    this.posix = posix;
    this.socketPath = socketPath;
    this.clock = clock;
    this.zone = zone;
    this.warning = warning;
  }

  /** The daemon's sender: {@code /dev/log} unless the system property names another socket. */
  static Syslog forDaemon(Posix posix, Clock clock, ZoneId zone, Consumer<String> warning) {
    return new Syslog(
        posix, System.getProperty(SOCKET_PROPERTY, DEFAULT_SOCKET), clock, zone, warning);
  }

  String socketPath() {
    return socketPath;
  }

  /** Sends one already formatted main-log line (it keeps its trailing newline, as upstream's). */
  void mainLogLine(String line) {
    send(line);
  }

  /**
   * Sends a chunk of a child's output, one message per line prefixed with the process name.
   * Output that is not UTF-8 is dropped, as supervisord drops it (it fails to decode it).
   */
  void childOutput(String processName, byte[] output) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(output)).toString();
    } catch (CharacterCodingException e) {
      return;
    }
    for (String message : SyslogMessage.childLines(processName, text)) {
      send(message);
    }
  }

  private void send(String text) {
    byte[] datagram =
        SyslogMessage.datagram(
            SyslogMessage.USER_INFO,
            ZonedDateTime.ofInstant(Instant.ofEpochMilli(clock.currentTimeMillis()), zone),
            SyslogMessage.IDENT,
            text);
    try {
      posix.sendDatagram(socket(), socketPath, datagram);
      failing.set(false);
    } catch (PosixException e) {
      if (failing.compareAndSet(false, true)) {
        warning.accept(
            "cannot send to syslog at " + socketPath + " (" + e.getMessage()
                + "); syslog messages are dropped until it accepts them again");
      }
    }
  }

  private synchronized int socket() throws PosixException {
    if (fd < 0) {
      fd = posix.openDatagramSocket();
    }
    return fd;
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      try {
        posix.close(fd);
      } catch (PosixException e) {
        // Nothing left to send through it.
      }
      fd = -1;
    }
  }
}
