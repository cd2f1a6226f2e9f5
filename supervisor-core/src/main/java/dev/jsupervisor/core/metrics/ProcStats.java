package dev.jsupervisor.core.metrics;

import java.util.OptionalLong;

/**
 * Parses the few numbers the metrics read from Linux's {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status} texts. Pure; anything malformed, truncated or out of range reads as
 * absent, never as an exception.
 */
public final class ProcStats {
  /** The USER_HZ of /proc's tick counts; fixed at 100 by the Linux user-space ABI. */
  public static final int TICKS_PER_SECOND = 100;

  /** A file larger than this is not a /proc stat/status file. */
  static final int MAX_CHARS = 64 * 1024;

  // Fields of /proc/<pid>/stat counted from 1 (proc(5)); the command (2) may hold spaces and
  // parentheses, so fields are counted after its last ')'.
  private static final int FIRST_AFTER_COMM = 3;
  private static final int UTIME = 14;
  private static final int STIME = 15;

  private ProcStats() {}

  /** utime + stime in ticks, from the text of {@code /proc/<pid>/stat}. */
  public static OptionalLong cpuTicks(String stat) {
    if (stat == null || stat.length() > MAX_CHARS) {
      return OptionalLong.empty();
    }
    int close = stat.lastIndexOf(')');
    if (close < 0 || stat.indexOf('(') < 0 || stat.indexOf('(') > close) {
      return OptionalLong.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split(" +");
    int utime = UTIME - FIRST_AFTER_COMM;
    int stime = STIME - FIRST_AFTER_COMM;
    if (fields.length <= stime) {
      return OptionalLong.empty();
    }
    OptionalLong user = nonNegative(fields[utime]);
    OptionalLong system = nonNegative(fields[stime]);
    if (user.isEmpty() || system.isEmpty()) {
      return OptionalLong.empty();
    }
    long sum = user.getAsLong() + system.getAsLong();
    return sum < 0 ? OptionalLong.empty() : OptionalLong.of(sum);
  }

  /** The resident set size in bytes ({@code VmRSS}), from the text of {@code /proc/<pid>/status}. */
  public static OptionalLong residentBytes(String status) {
    OptionalLong kib = statusField(status, "VmRSS");
    if (kib.isEmpty() || kib.getAsLong() > Long.MAX_VALUE / 1024) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(kib.getAsLong() * 1024);
  }

  /** The thread count ({@code Threads}), from the text of {@code /proc/<pid>/status}. */
  public static OptionalLong threads(String status) {
    return statusField(status, "Threads");
  }

  /** The leading number of a {@code Key:\t  value [kB]} line. */
  private static OptionalLong statusField(String status, String key) {
    if (status == null || status.length() > MAX_CHARS) {
      return OptionalLong.empty();
    }
    String prefix = key + ":";
    int at = status.startsWith(prefix) ? 0 : status.indexOf("\n" + prefix);
    if (at < 0) {
      return OptionalLong.empty();
    }
    int start = at == 0 ? prefix.length() : at + 1 + prefix.length();
    int end = status.indexOf('\n', start);
    String value = status.substring(start, end < 0 ? status.length() : end).trim();
    int space = value.indexOf(' ');
    if (space >= 0) {
      String unit = value.substring(space).trim();
      if (!unit.equals("kB")) {
        return OptionalLong.empty();
      }
      value = value.substring(0, space);
    }
    return nonNegative(value);
  }

  private static OptionalLong nonNegative(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(Long.parseLong(digits));
  }
}
