package dev.jsupervisor.listeners.fastreload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** {@link ProcFs} over the real {@code /proc} (or another root holding the same layout). */
public final class LinuxProcFs implements ProcFs {
  private final Path root;

  public LinuxProcFs() {
    this(Path.of("/proc"));
  }

  public LinuxProcFs(Path root) {
    this.root = root;
  }

  @Override
  public Optional<ProcStat> stat(int pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    Path file = root.resolve(Integer.toString(pid)).resolve("stat");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(ProcStat.MAX_LENGTH + 1);
      return Optional.of(ProcStat.parse(new String(bytes, StandardCharsets.UTF_8).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      // A process vanishing mid-read gives ESRCH; a garbled file is no proof of identity either.
      return Optional.empty();
    }
  }
}
