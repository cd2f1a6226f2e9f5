package dev.jsupervisor.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's bin/ launchers as a user would, capturing output and exit code. */
final class Launchers {
  private Launchers() {}

  /** The checkout's root directory, passed in by Maven. */
  static Path root() {
    String root = System.getProperty("jsupervisor.root");
    if (root == null) {
      throw new IllegalStateException("system property jsupervisor.root is not set");
    }
    return Path.of(root);
  }

  /** What a finished command printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command in a directory, failing the test if it does not finish in time. */
  static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = java.nio.file.Files.createTempFile("launch", ".out");
    Path err = java.nio.file.Files.createTempFile("launch", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
    }
    try {
      return new Result(
          p.exitValue(),
          java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
          java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(out);
      java.nio.file.Files.deleteIfExists(err);
    }
  }
}
