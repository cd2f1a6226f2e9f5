package dev.jsupervisor.core.util;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies JNA's native library out of its jar into a directory, once, for the launchers to pass
 * as {@code jna.boot.library.path}. Without it every JVM that uses JNA (the daemon, the
 * listeners) unpacks the library to a new temporary file and loads that: about 60 ms of a
 * start, on the daemon's way to its first spawn. Run by the launcher's detached archive job.
 */
public final class JnaLibraryCopy {
  private JnaLibraryCopy() {}

  /** {@code args[0]}: the directory to write {@code libjnidispatch.so} to. Exit 0 when written. */
  public static void main(String[] args) {
    try {
      copy(Path.of(args[0]));
    } catch (IOException | RuntimeException e) {
      System.exit(1);
    }
  }

  /** Writes the library for this platform into {@code dir}, atomically. */
  static void copy(Path dir) throws IOException {
    String name = System.mapLibraryName("jnidispatch");
    String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + name;
    Files.createDirectories(dir);
    Path target = dir.resolve(name);
    Path tmp = Files.createTempFile(dir, "jnidispatch", ".tmp");
    try (InputStream in = Platform.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " in the JNA jar");
      }
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
