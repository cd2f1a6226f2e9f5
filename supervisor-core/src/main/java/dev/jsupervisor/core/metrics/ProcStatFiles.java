package dev.jsupervisor.core.metrics;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.jsupervisor.core.util.ProcStats;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Reads the {@code /proc/PID/stat} of the running processes, keeping each file open from one
 * scrape to the next and reading it again from its start (which makes the kernel write it anew):
 * opening a /proc file costs more than reading it (for 500 processes, ~6 ms of CPU against ~2 ms
 * kept open). Holds at most one file per process of the last read, closes those of processes no
 * longer listed, and keeps files only while the daemon has descriptors to spare: at most a
 * quarter of the descriptors left under its limit (the rest are opened and closed per read).
 * A process whose kept file fails reads as gone, never as whatever process has its pid now.
 */
final class ProcStatFiles implements AutoCloseable {
  private static final int MAX_CHARS = ProcStats.MAX_CHARS;
  /** Of the descriptors free under the limit, the share kept files may take. */
  private static final int SHARE_OF_FREE = 4;

  private final Path procRoot;
  private final IntSupplier freeDescriptors;
  private final byte[] buffer = new byte[MAX_CHARS + 1];
  private Map<Integer, RandomAccessFile> kept = new HashMap<>();

  /** Stat files under {@code procRoot}, within this JVM's descriptor limit. */
  ProcStatFiles(Path procRoot) {
    this(procRoot, ProcStatFiles::freeDescriptorsOfThisJvm);
  }

  /** As {@link #ProcStatFiles(Path)}, told how many descriptors are free (tests). */
  ProcStatFiles(Path procRoot, IntSupplier freeDescriptors) {
    this.procRoot = procRoot;
    this.freeDescriptors = freeDescriptors;
  }

  /** The parsed stat of each of {@code pids} (null where absent, gone or unreadable). */
  synchronized ProcStats.Stat[] read(int[] pids) {
    ProcStats.Stat[] stats = new ProcStats.Stat[pids.length];
    Map<Integer, RandomAccessFile> next = new HashMap<>();
    int room = -1; // how many files may be kept; counted when the first new file is needed
    for (int i = 0; i < pids.length; i++) {
      int pid = pids[i];
      if (pid <= 0) {
        continue;
      }
      RandomAccessFile file = kept.remove(pid);
      if (file == null) {
        file = next.remove(pid); // listed twice
      }
      String text = file == null ? null : read(file);
      if (text == null && file != null) {
        // A kept file fails only once its process is reaped. The daemon may list the pid a
        // little longer (until it has read the last output), and a file opened by path now
        // could be another process that took the pid: read as gone instead.
        close(file);
        continue;
      }
      if (text == null) {
        if (room < 0) {
          room = kept.size() + next.size() + Math.max(0, freeDescriptors.getAsInt())
              / SHARE_OF_FREE;
        }
        file = next.size() < room ? open(pid) : null;
        text = file != null ? read(file) : readOnce(pid);
        if (text == null) {
          close(file);
          file = null;
        }
      }
      if (file != null) {
        next.put(pid, file);
      }
      stats[i] = ProcStats.stat(text);
    }
    kept.values().forEach(ProcStatFiles::close);
    kept = next;
    return stats;
  }

  /** How many stat files are open between reads. */
  synchronized int keptFiles() {
    return kept.size();
  }

  @Override
  public synchronized void close() {
    kept.values().forEach(ProcStatFiles::close);
    kept = new HashMap<>();
  }

  private Path path(int pid) {
    return procRoot.resolve(Integer.toString(pid)).resolve("stat");
  }

  private RandomAccessFile open(int pid) {
    try {
      return new RandomAccessFile(path(pid).toFile(), "r");
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private String readOnce(int pid) {
    RandomAccessFile file = open(pid);
    try {
      return file == null ? null : read(file);
    } finally {
      close(file);
    }
  }

  /** The file's text from its start (up to MAX_CHARS + 1, more marks it oversized), or null. */
  private String read(RandomAccessFile file) {
    if (file == null) {
      return null;
    }
    try {
      file.seek(0);
      int n = 0;
      int r;
      // A stat line ends in a newline: stop there without asking for the end of the file.
      while (n < buffer.length && (n == 0 || buffer[n - 1] != '\n')
          && (r = file.read(buffer, n, buffer.length - n)) > 0) {
        n += r;
      }
      return n == 0 ? null : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null; // the process is gone (ESRCH on a kept file)
    }
  }

  private static void close(RandomAccessFile file) {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // nothing kept to release
      }
    }
  }

  private static int freeDescriptorsOfThisJvm() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, free));
    }
    return 0;
  }
}
