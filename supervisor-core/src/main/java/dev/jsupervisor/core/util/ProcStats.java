package dev.jsupervisor.core.util;

import java.util.OptionalLong;

/**
 * Parses the few numbers the metrics and the dashboard read from Linux's {@code /proc/<pid>/stat}
 * and {@code /proc/<pid>/status} texts. Pure; anything malformed, truncated or out of range reads as
 * absent, never as an exception.
 */
public final class ProcStats {
  /** The USER_HZ of /proc's tick counts; fixed at 100 by the Linux user-space ABI. */
  public static final int TICKS_PER_SECOND = 100;

  /** A file larger than this is not a /proc stat/status file. */
  public static final int MAX_CHARS = 64 * 1024;

  // Fields of /proc/<pid>/stat counted from 1 (proc(5)); the command (2) may hold spaces and
  // parentheses, so fields are counted after its last ')'.
  private static final int FIRST_AFTER_COMM = 3;
  private static final int PPID = 4;
  private static final int UTIME = 14;
  private static final int STIME = 15;
  private static final int RSS = 24;

  private ProcStats() {}

  /**
   * What one {@code /proc/<pid>/stat} line tells: CPU ticks (user + system), resident pages, and
   * the parent's pid (which tells a reaped child's pid taken by another process).
   */
  public record Stat(long cpuTicks, long residentPages, long parentPid) {}

  /** Parses the text of {@code /proc/<pid>/stat}; null when malformed, truncated or oversized. */
  public static Stat stat(String stat) {
    if (stat == null || stat.length() > MAX_CHARS) {
      return null;
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    // The fields after the command, separated by runs of spaces (no split: a scrape parses 500).
    long parent = -1;
    long user = -1;
    long system = -1;
    long rss = -1;
    int end = stat.length();
    while (end > close + 1 && stat.charAt(end - 1) <= ' ') {
      end--;
    }
    int at = close + 1;
    while (at < end && stat.charAt(at) <= ' ') {
      at++;
    }
    int field = FIRST_AFTER_COMM;
    while (at < end && field <= RSS) {
      int next = stat.indexOf(' ', at);
      if (next < 0 || next > end) {
        next = end;
      }
      switch (field) {
        case PPID -> parent = nonNegative(stat, at, next);
        case UTIME -> user = nonNegative(stat, at, next);
        case STIME -> system = nonNegative(stat, at, next);
        case RSS -> rss = nonNegative(stat, at, next);
        default -> { }
      }
      field++;
      at = next;
      while (at < end && stat.charAt(at) == ' ') {
        at++;
      }
    }
    if (parent < 0 || user < 0 || system < 0 || rss < 0) {
      return null;
    }
    return new Stat(user + system, rss, parent);
  }

  /** The digits of {@code text[start, end)} as a number, or -1 unless 1 to 18 ASCII digits. */
  private static long nonNegative(String text, int start, int end) {
    if (end <= start || end - start > 18) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The base page size in bytes from the start of {@code /proc/self/smaps} ({@code KernelPageSize}). */
  public static OptionalLong pageSize(String smaps) {
    if (smaps == null) {
      return OptionalLong.empty();
    }
    // smaps is long; its first mapping, at the top, carries the base page size.
    return kib(statusField(smaps.substring(0, Math.min(smaps.length(), MAX_CHARS)),
        "KernelPageSize"));
  }

  /** The resident set size in bytes ({@code VmRSS}), from the text of {@code /proc/<pid>/status}. */
  public static OptionalLong residentBytes(String status) {
    return kib(statusField(status, "VmRSS"));
  }

  private static OptionalLong kib(OptionalLong kib) {
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
