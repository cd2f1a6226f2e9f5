package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real supervisor 4.2.5 (Python) as the oracle for config tests. */
final class PythonOracle {
  static final String PYTHON = "/usr/bin/python3";

  private PythonOracle() {}

  /** Skips the calling test unless /usr/bin/python3 can import supervisor. */
  static void assumeSupervisorInstalled() {
    boolean ok;
    try {
      ok = run(List.of(PYTHON, "-c", "import supervisor.options"), 30).exitCode == 0;
    } catch (IOException e) {
      ok = false;
    }
    assumeTrue(ok, "/usr/bin/python3 cannot import supervisor");
  }

  /** What a finished process printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  /** Runs a command, killing it if it outlives the timeout (then exit code -1). */
  static Output run(List<String> command, int timeoutSeconds) throws IOException {
    Path out = Files.createTempFile("oracle", ".out");
    Path err = Files.createTempFile("oracle", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      boolean finished;
      try {
        finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finished = false;
      }
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      return new Output(finished ? process.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Copies a script from the test resources to a temp file and returns its path. */
  static Path script(String resource) throws IOException {
    Path file = Files.createTempFile("oracle", ".py");
    try (var in = PythonOracle.class.getResourceAsStream("/config/" + resource)) {
      Files.write(file, in.readAllBytes());
    }
    file.toFile().deleteOnExit();
    return file;
  }

  /** Splits an output line of hex-encoded fields ("-" is the empty string). */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    String[] parts = line.split(" ");
    fields.add(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      fields.add(parts[i].equals("-") ? ""
          : new String(HexFormat.of().parseHex(parts[i]), StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** The files in {@code config/<subdir>} ending with suffix, sorted. */
  static List<Path> resourceFiles(String subdir, String suffix) throws IOException {
    try (java.util.stream.Stream<Path> list = Files.list(resourceDir().resolve(subdir))) {
      return list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Runs a resource script over the files and returns its output lines, fields decoded. */
  static List<List<String>> runScript(String script, List<Path> files) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, script(script).toString()));
    files.forEach(f -> command.add(f.toString()));
    Output out = run(command, 120);
    org.junit.jupiter.api.Assertions.assertEquals(0, out.exitCode(), out.stderr());
    List<List<String>> lines = new ArrayList<>();
    for (String line : out.stdout().split("\n")) {
      lines.add(fields(line));
    }
    return lines;
  }

  /** The test resource directory on disk (target/test-classes/config). */
  static Path resourceDir() {
    try {
      return Path.of(PythonOracle.class.getResource("/config").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
