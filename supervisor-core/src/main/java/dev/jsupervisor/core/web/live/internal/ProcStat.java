package dev.jsupervisor.core.web.live.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process, read from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}; the parsers are pure so that odd or cut-off files can be tested.
 */
public final class ProcStat {
  /** Kernel clock ticks per second; 100 on every Linux architecture the JVM runs on. */
  static final int CLOCK_TICKS = 100;
  /** A /proc file longer than this is not one the kernel wrote; it is not parsed. */
  static final int MAX_FILE_BYTES = 16 * 1024;

  /** What is known of one process: -1 for a figure that could not be read. */
  public record Usage(double cpuSeconds, long rssBytes) {
    public static final Usage UNKNOWN = new Usage(-1, -1);
  }

  private final Path proc;

  public ProcStat(Path proc) {
    this.proc = proc;
  }

  /** The usage of {@code pid} now; UNKNOWN parts when the process is gone or unreadable. */
  public Usage read(int pid) {
    if (pid <= 0) {
      return Usage.UNKNOWN;
    }
    Path dir = proc.resolve(Integer.toString(pid));
    return new Usage(cpuSeconds(readSmall(dir.resolve("stat"))),
        rssBytes(readSmall(dir.resolve("status"))));
  }

  private static String readSmall(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return "";
      }
      byte[] bytes = Files.readAllBytes(file);
      return bytes.length > MAX_FILE_BYTES ? "" : new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  /**
   * utime + stime of a {@code stat} line in seconds, or -1. The command name (field 2) is in
   * parentheses and may itself hold spaces and parentheses, so fields are counted from the last
   * {@code )}.
   */
  static double cpuSeconds(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] fields = stat.substring(close + 1).trim().split(" +");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    if (fields.length < 13) {
      return -1;
    }
    try {
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      if (utime < 0 || stime < 0) {
        return -1;
      }
      return (utime + stime) / (double) CLOCK_TICKS;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code VmRSS} line of a {@code status} file in bytes, or -1. */
  static long rssBytes(String status) {
    for (String line : status.split("\n")) {
      if (!line.startsWith("VmRSS:")) {
        continue;
      }
      String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
      if (parts.length != 2 || !parts[1].equals("kB")) {
        return -1;
      }
      try {
        long kb = Long.parseLong(parts[0]);
        return kb < 0 || kb > Long.MAX_VALUE / 1024 ? -1 : kb * 1024;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
