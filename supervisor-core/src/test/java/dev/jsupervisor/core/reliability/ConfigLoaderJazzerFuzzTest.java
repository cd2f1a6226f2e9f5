package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.Users;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the whole config loader (INI reading, includes, expansion, every
 * section's option parsing) on an arbitrary config file: it loads or raises a
 * {@link ConfigException} with a message, within the per-input timeout and the fuzzing heap.
 */
final class ConfigLoaderJazzerFuzzTest {
  private static Path dir;
  private static Path file;
  private static ConfigLoader loader;

  @BeforeAll
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "jsjazzer");
    file = dir.resolve("fuzz.conf");
    loader = new ConfigLoader(Map.of("HOME", "/root", "X", "1"), "host", dir, "/tmp",
        Users.system());
  }

  @AfterAll
  static void removeDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  // libFuzzer dictionary syntax: backslash escapes are written out (\\n is a newline).
  @DictionaryEntries({"[supervisord]", "[program:", "[group:", "[eventlistener:",
      "[fcgi-program:", "[include]", "[inet_http_server]", "[unix_http_server]", "[rpcinterface:",
      "]\\n", "command=", "numprocs=", "process_name=", "programs=", "files=", "events=",
      "environment=", "autorestart=", "stopsignal=", "umask=", "socket=", "port=", "priority=",
      "logfile_maxbytes=", "%(program_name)s", "%(process_num)02d", "%(here)s", "%(ENV_X)s",
      "\\n", "\\n  ", " ;", "KB", "MB", "true", "unexpected"})
  void loadsOrRefuses(byte[] input) throws IOException {
    Files.write(file, input);
    try {
      assertNotNull(loader.load(file.toString(), ConfigOverrides.NONE).config());
    } catch (ConfigException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "an empty error message");
    }
  }
}
