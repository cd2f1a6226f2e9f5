package dev.jsupervisor.listeners.sdk;

import java.util.HashMap;
import java.util.Map;

/**
 * The header line that precedes every event:
 * {@code ver:3.0 server:<id> serial:<n> pool:<name> poolserial:<n> eventname:<NAME> len:<n>}.
 * {@code length} is the payload length in Unicode code points.
 */
public record EventHeader(
    String version,
    String server,
    long serial,
    String pool,
    long poolSerial,
    String eventName,
    int length) {

  /** Parses a header line (without its newline); fields may come in any order. */
  public static EventHeader parse(String line) throws ProtocolException {
    Map<String, String> fields = new HashMap<>();
    for (String token : line.split(" ")) {
      if (token.isEmpty()) {
        continue;
      }
      int colon = token.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("event header token '" + token + "' is not key:value in: " + line);
      }
      fields.put(token.substring(0, colon), token.substring(colon + 1));
    }
    long length = number(fields, "len", line);
    if (length > Integer.MAX_VALUE) {
      throw new ProtocolException("event header len " + length + " is too large in: " + line);
    }
    return new EventHeader(
        required(fields, "ver", line),
        required(fields, "server", line),
        number(fields, "serial", line),
        required(fields, "pool", line),
        number(fields, "poolserial", line),
        required(fields, "eventname", line),
        (int) length);
  }

  /** The header line as the supervisor writes it, without the newline. */
  public String toLine() {
    return "ver:" + version + " server:" + server + " serial:" + serial + " pool:" + pool
        + " poolserial:" + poolSerial + " eventname:" + eventName + " len:" + length;
  }

  private static String required(Map<String, String> fields, String key, String line)
      throws ProtocolException {
    String value = fields.get(key);
    if (value == null) {
      throw new ProtocolException("event header has no " + key + ": " + line);
    }
    return value;
  }

  private static long number(Map<String, String> fields, String key, String line)
      throws ProtocolException {
    String value = required(fields, key, line);
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ProtocolException(
          "event header " + key + " '" + value + "' is not a non-negative integer: " + line);
    }
    return Long.parseLong(value);
  }
}
