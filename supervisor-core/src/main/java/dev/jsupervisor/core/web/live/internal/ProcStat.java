package dev.jsupervisor.core.web.live.internal;

import dev.jsupervisor.core.util.ProcStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process, read from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status} through the pure parsers of {@link ProcStats}, which /metrics uses too.
 */
public final class ProcStat {
  /** A /proc file longer than this is not one the kernel wrote; it is not parsed. */
  static final int MAX_FILE_BYTES = 16 * 1024;

  /** What is known of one process: -1 for a figure that could not be read. */
  public record Usage(double cpuSeconds, long rssBytes) {
    public static final Usage UNKNOWN = new Usage(-1, -1);
  }

  private final Path proc;
  private final long parentPid;

  /**
   * @param parentPid the daemon's pid: a pid whose process has another parent is not the
   *     daemon's child any more (reaped, and the pid taken by another process) and reads as
   *     UNKNOWN
   */
  public ProcStat(Path proc, long parentPid) {
    this.proc = proc;
    this.parentPid = parentPid;
  }

  /** The usage of {@code pid} now; UNKNOWN parts when the process is gone or unreadable. */
  public Usage read(int pid) {
    if (pid <= 0) {
      return Usage.UNKNOWN;
    }
    Path dir = proc.resolve(Integer.toString(pid));
    ProcStats.Stat stat = ProcStats.stat(readSmall(dir.resolve("stat")));
    if (stat == null || stat.parentPid() != parentPid) {
      return Usage.UNKNOWN;
    }
    return new Usage(seconds(stat), rssBytes(readSmall(dir.resolve("status"))));
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

  /** utime + stime of a {@code stat} line in seconds, or -1 (parsed by {@link ProcStats}). */
  static double cpuSeconds(String stat) {
    ProcStats.Stat parsed = ProcStats.stat(stat);
    return parsed == null ? -1 : seconds(parsed);
  }

  private static double seconds(ProcStats.Stat stat) {
    return stat.cpuTicks() / (double) ProcStats.TICKS_PER_SECOND;
  }

  /** The {@code VmRSS} line of a {@code status} file in bytes, or -1. */
  static long rssBytes(String status) {
    return ProcStats.residentBytes(status).orElse(-1);
  }
}
