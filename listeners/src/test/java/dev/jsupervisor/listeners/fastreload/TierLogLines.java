package dev.jsupervisor.listeners.fastreload;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fast-reload's tier log lines in tests, such as {@code tier 1/2 (priority 900): SIGTERM to
 * a (pid 10), g:b (pid 11); left to supervisord: c (pid 12)}.
 */
public final class TierLogLines {
  private static final Pattern TARGET = Pattern.compile("([\\w:]+) \\(pid (\\d+)\\)");

  /** One process as a tier line names it. */
  public record Target(String name, int pid) {}

  private TierLogLines() {}

  /**
   * The processes listed after {@code marker} ({@code "SIGTERM to "}, {@code "left to
   * supervisord: "} ...) up to the next {@code ';'}; empty when the line has no such part.
   */
  public static List<Target> after(String line, String marker) {
    List<Target> targets = new ArrayList<>();
    int start = line.indexOf(marker);
    if (start < 0) {
      return targets;
    }
    int end = line.indexOf(';', start);
    Matcher m = TARGET.matcher(line.substring(start, end < 0 ? line.length() : end));
    while (m.find()) {
      targets.add(new Target(m.group(1), Integer.parseInt(m.group(2))));
    }
    return targets;
  }
}
