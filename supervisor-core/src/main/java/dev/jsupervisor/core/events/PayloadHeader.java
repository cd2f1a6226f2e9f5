package dev.jsupervisor.core.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the header tokens of an event payload ({@code processname:a groupname:b from_state:X
 * pid:1}): the first line, split on spaces, each token split at its first colon. Pure.
 */
public final class PayloadHeader {
  /** Tokens beyond this many are ignored; supervisord's headers have at most six. */
  static final int MAX_TOKENS = 16;

  private PayloadHeader() {}

  /** The header fields; a token without a colon is skipped. */
  public static Map<String, String> parse(String payload) {
    int newline = payload.indexOf('\n');
    String header = newline < 0 ? payload : payload.substring(0, newline);
    Map<String, String> fields = new LinkedHashMap<>();
    int taken = 0;
    for (String token : header.split(" ")) {
      if (taken++ >= MAX_TOKENS) {
        break;
      }
      int colon = token.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(token.substring(0, colon), token.substring(colon + 1));
      }
    }
    return fields;
  }
}
