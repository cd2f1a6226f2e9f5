package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.util.ProcStats;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a process's {@code status} file and this JVM's {@code smaps} from a {@code /proc} tree
 * (the real one, or a directory of fixtures in tests), one small read each, into a buffer it
 * keeps. A process that is gone reads as absent. (The processes' {@code stat} files:
 * {@link ProcStatFiles}.)
 */
final class ProcReader {
  /** Assumed when smaps cannot be read: the page size of x86-64 and most arm64 kernels. */
  private static final long DEFAULT_PAGE_SIZE = 4096;

  private final Path procRoot;
  private final byte[] buffer = new byte[ProcStats.MAX_CHARS + 1];

  ProcReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The {@code status} text of {@code pid}, or null when unreadable. */
  String status(String pid) {
    return read(pid, "status");
  }

  /** The kernel's base page size, from this process's first mapping. */
  long pageSize() {
    OptionalLong size = ProcStats.pageSize(read("self", "smaps"));
    return size.orElse(DEFAULT_PAGE_SIZE);
  }

  /** Up to {@code MAX_CHARS + 1} chars (more marks the text as oversized), or null. */
  private synchronized String read(String pid, String file) {
    // FileInputStream: about half the cost of Files.newInputStream per /proc file, and a scrape
    // of 500 processes reads 500 of them.
    try (FileInputStream in = new FileInputStream(procRoot.resolve(pid).resolve(file).toFile())) {
      int n = 0;
      int r;
      while (n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0) {
        n += r;
      }
      return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
