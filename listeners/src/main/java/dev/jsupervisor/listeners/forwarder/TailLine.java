package dev.jsupervisor.listeners.forwarder;

import java.util.Optional;

/**
 * One line of the event tail for a {@link FleetEvent}: time, host, process, event and what
 * changed. Text from the event is made safe for a terminal (control characters escaped) and
 * cut, so one event is always one line.
 */
public final class TailLine {
  /** Longest piece of event data shown. */
  static final int MAX_DATA = 80;
  private static final String STATE_PREFIX = "PROCESS_STATE_";

  private TailLine() {}

  /** The line for {@code e}, without a newline. */
  public static String format(FleetEvent e) {
    StringBuilder b = new StringBuilder(128);
    b.append(e.time()).append(' ').append(safe(e.host())).append(' ');
    b.append(name(e)).append(' ').append(safe(e.event()));
    String detail = detail(e);
    if (!detail.isEmpty()) {
      b.append(' ').append(detail);
    }
    return b.append(" #").append(e.serial()).toString();
  }

  private static String name(FleetEvent e) {
    Optional<String> group = e.group();
    Optional<String> process = e.process();
    if (group.isPresent() && process.isPresent()) {
      return safe(group.get()) + ':' + safe(process.get());
    }
    return group.or(() -> process).map(TailLine::safe).orElse("-");
  }

  private static String detail(FleetEvent e) {
    if (e.event().startsWith(STATE_PREFIX)) {
      StringBuilder d = new StringBuilder(e.event().substring(STATE_PREFIX.length()));
      String from = e.payload().get("from_state");
      if (from != null) {
        d.append(" (from ").append(safe(from)).append(')');
      }
      String pid = e.payload().get("pid");
      if (pid != null) {
        d.append(" pid ").append(safe(pid));
      }
      return d.toString();
    }
    String type = e.payload().get("type");
    String data = e.data().map(TailLine::clip).orElse("");
    if (type != null) {
      return "type " + safe(type) + (data.isEmpty() ? "" : " " + data);
    }
    String when = e.payload().get("when");
    if (when != null && data.isEmpty()) {
      return "when " + safe(when);
    }
    return data;
  }

  private static String clip(String data) {
    String shown = safe(data.length() > MAX_DATA ? data.substring(0, MAX_DATA) : data);
    return '"' + shown + (data.length() > MAX_DATA ? "...\"" : "\"");
  }

  /** {@code text} with control characters (newlines, escapes) written as {@code \xNN}. */
  static String safe(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        b.append(String.format("\\x%02x", (int) c));
      } else if (c == '\\') {
        b.append("\\\\");
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
