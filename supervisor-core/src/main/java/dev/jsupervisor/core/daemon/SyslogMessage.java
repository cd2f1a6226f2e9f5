package dev.jsupervisor.core.daemon;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The datagrams supervisord's log lines become on the syslog socket, as glibc's syslog(3) builds
 * them for it: {@code <14>Nov  1 23:17:31 supervisord: text} (facility user, priority info for
 * every level, local time, no pid). Pure: no I/O.
 */
final class SyslogMessage {
  /** LOG_USER | LOG_INFO: supervisord sends every line at this priority, whatever its level. */
  static final int USER_INFO = (1 << 3) | 6;

  /**
   * What supervisord calls itself: Python's syslog module names the program after its script,
   * and keeping the name lets existing syslog filters match jsupervisord's lines too.
   */
  static final String IDENT = "supervisord";

  /** glibc's {@code "%h %e %T"} in the C locale: day of month padded with a space. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

  private SyslogMessage() {}

  /** One datagram: the header, then {@code text} as UTF-8 bytes, unchanged. */
  static byte[] datagram(int priority, ZonedDateTime when, String ident, String text) {
    String header = "<" + priority + ">" + STAMP.format(when) + " " + ident + ": ";
    return (header + text).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The texts a child's output chunk is sent as: one per line ({@code name line}), trailing
   * newlines dropped first, so a chunk of only a newline is one message with an empty line.
   */
  static List<String> childLines(String processName, String output) {
    List<String> texts = new ArrayList<>();
    for (String line : stripTrailingNewlines(output).split("\n", -1)) {
      texts.add(processName + " " + line);
    }
    return texts;
  }

  /** The lines of a multi-line main-log message, each to be formatted as a whole log line. */
  static List<String> messageLines(String message) {
    return List.of(stripTrailingNewlines(message).split("\n", -1));
  }

  private static String stripTrailingNewlines(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end);
  }
}
