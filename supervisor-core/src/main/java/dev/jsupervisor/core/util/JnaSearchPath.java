package dev.jsupervisor.core.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells JNA where the C library is before JNA first loads, so that it does not run
 * {@code /sbin/ldconfig -p} to list library directories: JNA does that once per JVM, on the
 * first native call, unless {@code jna.platform.library.path} is set. That is a process started
 * and waited for on the daemon's way to its first spawn, and again in every listener that
 * uses JNA. The directory is the one the C library this JVM runs on was mapped from
 * ({@code /proc/self/maps}); JNA finds {@code libc.so.6} there as it did before.
 */
public final class JnaSearchPath {
  static final String PROPERTY = "jna.platform.library.path";
  /** What is read of the map at most: a JVM's is tens of KiB; the C library is in any case. */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  private JnaSearchPath() {}

  /**
   * Sets {@code jna.platform.library.path} to the C library's directory unless it is set
   * already or the directory cannot be told (then JNA searches as it always did).
   */
  public static void useCLibraryDirectory() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    try (BufferedReader maps =
        Files.newBufferedReader(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
      cLibraryDirectory(maps).ifPresent(dir -> System.setProperty(PROPERTY, dir));
    } catch (IOException | RuntimeException e) {
      // No /proc (not Linux): JNA's own search, as before.
    }
  }

  /**
   * The directory of the first glibc C library ({@code libc.so.6}, or {@code libc-2.NN.so}
   * before glibc 2.34) in a {@code /proc/PID/maps} text, reading at most {@link #MAX_BYTES}.
   */
  static Optional<String> cLibraryDirectory(BufferedReader maps) throws IOException {
    long read = 0;
    for (String line; (line = maps.readLine()) != null; ) {
      read += line.length() + 1L;
      if (read > MAX_BYTES) {
        return Optional.empty();
      }
      Optional<String> dir = directoryOfCLibrary(line);
      if (dir.isPresent()) {
        return dir;
      }
    }
    return Optional.empty();
  }

  /** The directory of a map line's file when that file is the C library. */
  private static Optional<String> directoryOfCLibrary(String line) {
    int path = line.indexOf('/');
    if (path < 0) {
      return Optional.empty(); // anonymous memory, [heap], [stack], or not a map line
    }
    String file = line.substring(path);
    if (file.endsWith(" (deleted)")) {
      file = file.substring(0, file.length() - " (deleted)".length()); // upgraded since mapped
    }
    int slash = file.lastIndexOf('/');
    String name = file.substring(slash + 1);
    boolean libc = name.equals("libc.so.6") || (name.startsWith("libc-") && name.endsWith(".so"));
    return libc && slash > 0 ? Optional.of(file.substring(0, slash)) : Optional.empty();
  }
}
