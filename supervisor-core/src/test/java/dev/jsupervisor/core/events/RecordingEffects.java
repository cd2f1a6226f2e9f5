package dev.jsupervisor.core.events;

import dev.jsupervisor.core.util.LogLevel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Records what pools ask for, decoding each envelope back into its header fields. */
final class RecordingEffects implements PoolEffects {
  private static final Pattern HEADER = Pattern.compile(
      "ver:3\\.0 server:(\\S+) serial:(\\d+) pool:(\\S+) poolserial:(\\d+) eventname:(\\S+)"
          + " len:(\\d+)\n(.*)",
      Pattern.DOTALL);

  /** One envelope written to one listener. */
  record Sent(String listener, String pool, long serial, long poolSerial, String eventName,
      String payload) {}

  final List<Sent> sent = new ArrayList<>();
  final List<String> logs = new ArrayList<>();
  /** Whether DEBUG lines are wanted (the main log's level). */
  boolean debug = true;

  @Override
  public void send(String listener, byte[] bytes) {
    Matcher m = HEADER.matcher(new String(bytes, StandardCharsets.UTF_8));
    if (!m.matches()) {
      throw new AssertionError("bad envelope: " + new String(bytes, StandardCharsets.UTF_8));
    }
    String payload = m.group(7);
    if (Integer.parseInt(m.group(6)) != payload.codePointCount(0, payload.length())) {
      throw new AssertionError("len does not match payload: " + m.group(0));
    }
    sent.add(new Sent(listener, m.group(3), Long.parseLong(m.group(2)), Long.parseLong(m.group(4)),
        m.group(5), payload));
  }

  @Override
  public boolean logs(LogLevel level) {
    return level != LogLevel.DEBUG || debug;
  }

  @Override
  public void log(LogLevel level, String message) {
    logs.add(level + " " + message);
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  List<String> logsAt(LogLevel level) {
    List<String> out = new ArrayList<>();
    for (String line : logs) {
      if (line.startsWith(level + " ")) {
        out.add(line.substring(level.name().length() + 1));
      }
    }
    return out;
  }
}
