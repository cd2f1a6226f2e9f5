package dev.jsupervisor.core.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a process's CPU time, resident memory and threads from a {@code /proc} tree (the real
 * one, or a directory of fixtures in tests). A process that is gone reads as absent.
 */
final class ProcReader {
  private final Path procRoot;

  ProcReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** CPU ticks (user + system) of {@code pid}, or absent. */
  OptionalLong cpuTicks(String pid) {
    return ProcStats.cpuTicks(read(pid, "stat"));
  }

  /** The {@code status} text of {@code pid} (or {@code self}), or null when unreadable. */
  String status(String pid) {
    return read(pid, "status");
  }

  private String read(String pid, String file) {
    try (InputStream in = Files.newInputStream(procRoot.resolve(pid).resolve(file))) {
      byte[] bytes = in.readNBytes(ProcStats.MAX_CHARS + 1);
      return new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
