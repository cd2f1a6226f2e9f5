package dev.jsupervisor.core.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what legitimately differs between two daemons running the same scenario: pids, uptimes,
 * dates, log timestamps, temp dirs and ports.
 */
final class Masks {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ");
  private static final Pattern STOPPED_LINE = Pattern.compile(".*: stopped");
  private static final Pattern MAIN_LOG_PROCESS =
      Pattern.compile(
          "^\\w+ (?:spawned: '([^']+)'|success: (\\S+) |exited: (\\S+) |stopped: (\\S+) "
              + "|gave up: (\\S+) |killing '([^']+)')");

  private Masks() {}

  /** Masks one daemon's text. */
  static String mask(String text, LiveDaemon d) {
    String s = text.replace(d.dir.toString(), "DIR").replace(":" + d.port, ":PORT");
    s = TIMESTAMP.matcher(s).replaceAll("");
    s = s.replaceAll("pid \\d+", "pid N");
    s = s.replaceAll("uptime \\d+:\\d\\d:\\d\\d", "uptime T");
    s = s.replaceAll("\\(\\d+\\) with SIG", "(N) with SIG");
    s = s.replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
    s = s.replaceAll("(?m)^\\d+$", "N");
    return s;
  }

  /**
   * Sorts each run of consecutive "name: stopped" lines: supervisord reports the processes of a
   * multi-process stop in the order they happened to exit, so only the set is comparable.
   */
  static String sortStopRuns(String text) {
    String[] lines = text.split("\n", -1);
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    for (String line : lines) {
      if (STOPPED_LINE.matcher(line).matches()) {
        run.add(line);
        continue;
      }
      run.sort(null);
      out.addAll(run);
      run.clear();
      out.add(line);
    }
    run.sort(null);
    out.addAll(run);
    return String.join("\n", out);
  }

  /** How many times {@code part} occurs in {@code text}. */
  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** The process a main-log line (timestamp already masked) is about, or null. */
  static String processOf(String line) {
    Matcher m = MAIN_LOG_PROCESS.matcher(line);
    if (!m.find()) {
      return null;
    }
    for (int i = 1; i <= m.groupCount(); i++) {
      if (m.group(i) != null) {
        return m.group(i);
      }
    }
    return null;
  }

  /** A main log's masked lines about {@code process}, in order. */
  static List<String> processLines(String mainLog, LiveDaemon d, String process) {
    List<String> out = new ArrayList<>();
    for (String line : mask(mainLog, d).split("\n")) {
      if (process.equals(processOf(line))) {
        out.add(line);
      }
    }
    return out;
  }
}
