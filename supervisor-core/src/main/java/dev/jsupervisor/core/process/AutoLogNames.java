package dev.jsupervisor.core.process;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Names and creates supervisord's AUTO child log files:
 * {@code <childlogdir>/<procname>-<channel>---<identifier>-<random8>.log}.
 */
public final class AutoLogNames {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
  private static final int ATTEMPTS = 100;
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private AutoLogNames() {}

  /**
   * Creates a new empty AUTO log file and returns its path.
   *
   * @param channel {@code stdout} or {@code stderr}
   */
  public static Path create(
      Path childLogDir, String processName, String channel, String identifier,
      RandomGenerator random) throws IOException {
    String prefix = processName + "-" + channel + "---" + identifier + "-";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      StringBuilder name = new StringBuilder(prefix);
      for (int i = 0; i < 8; i++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      Path candidate = childLogDir.resolve(name.append(".log").toString());
      try {
        // Readable by the daemon's user only, as supervisord's mkstemp makes them.
        return Files.createFile(candidate, OWNER_ONLY);
      } catch (FileAlreadyExistsException taken) {
        // Try another random suffix.
      }
    }
    throw new IOException("no free AUTO log file name for " + prefix + " in " + childLogDir);
  }
}
