package dev.jsupervisor.core.events;

import java.nio.charset.StandardCharsets;

/**
 * Encodes what supervisord writes to a listener's stdin: the header line, a newline and the
 * payload as UTF-8, where {@code len} counts Unicode code points, not bytes (events.md §2).
 */
public final class ListenerCodec {
  /** The protocol version sent in every header. */
  public static final String VERSION = "3.0";

  private ListenerCodec() {}

  /** The complete bytes of one event sent to a listener of pool {@code poolName}. */
  public static byte[] envelope(
      String serverId, long serial, String poolName, long poolSerial, Event event) {
    String text =
        header(serverId, serial, poolName, poolSerial, event.type(), payloadLength(event.payload()))
            + "\n"
            + event.payload();
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The header line without its newline. */
  public static String header(
      String serverId, long serial, String poolName, long poolSerial, EventType type, int len) {
    return "ver:" + VERSION
        + " server:" + serverId
        + " serial:" + serial
        + " pool:" + poolName
        + " poolserial:" + poolSerial
        + " eventname:" + type.name()
        + " len:" + len;
  }

  /** The {@code len} of a payload as supervisord computes it: its number of code points. */
  public static int payloadLength(String payload) {
    return payload.codePointCount(0, payload.length());
  }
}
