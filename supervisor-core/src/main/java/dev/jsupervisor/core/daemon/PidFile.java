package dev.jsupervisor.core.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's pidfile: {@code "<pid>\n"} as supervisord writes it, replaced atomically, and
 * removed on exit only while it still names this process (a newer daemon may own it by then).
 */
public final class PidFile {
  private final Path path;
  private final long pid;

  public PidFile(Path path, long pid) {
    this.path = path;
    this.pid = pid;
  }

  public Path path() {
    return path;
  }

  /** Writes the file; the message of the exception names the path. */
  public void write() throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + "." + pid + ".tmp");
    try {
      Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not write pidfile " + path + ": " + describe(e), e);
    }
  }

  /** Removes the file if it still holds this pid; returns whether it did. */
  public boolean removeIfOwned() {
    try {
      Long owner = read(path);
      if (owner != null && owner == pid) {
        Files.deleteIfExists(path);
        return true;
      }
    } catch (IOException e) {
      // Nothing to clean up that we can still reach.
    }
    return false;
  }

  /** The pid in a pidfile, or null when it is missing or not a number. */
  public static Long read(Path path) throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }
}
