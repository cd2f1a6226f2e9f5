package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code config/errors/*.conf} must fail in {@link ConfigLoader} with exactly the message
 * supervisord prints after {@code Error: }. All files go through supervisord's own option code
 * in one Python process (fast); every fifth file also runs the real {@code /usr/bin/supervisord}
 * binary to prove its stderr carries that same message.
 */
class ConfigErrorOracleTest {
  private static final String SUPERVISORD = "/usr/bin/supervisord";
  private static final Map<String, String> expected = new ConcurrentHashMap<>();
  private static List<Path> files;

  @BeforeAll
  static void runSupervisorOptions() throws IOException {
    PythonOracle.assumeSupervisorInstalled();
    files = PythonOracle.resourceFiles("errors", ".conf");
    assertTrue(files.size() >= 20, "too few error configs");
    String file = null;
    for (List<String> f : PythonOracle.runScript("server_dump.py", files)) {
      if (f.get(0).equals("FILE")) {
        file = f.get(1);
      } else if (f.get(0).equals("ERR")) {
        expected.put(file, message(f.get(1)));
      }
    }
  }

  /** The message between "Error: " and supervisord's "For help" line. */
  private static String message(String stderr) {
    int start = stderr.indexOf("Error: ");
    int end = stderr.lastIndexOf("\nFor help, use ");
    assertTrue(start >= 0 && end > start, "unexpected stderr: " + stderr);
    return stderr.substring(start + "Error: ".length(), end);
  }

  @TestFactory
  Stream<DynamicTest> realSupervisordPrintsTheSameMessages() {
    return IntStream.range(0, files.size()).filter(i -> i % 5 == 0).mapToObj(files::get)
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
          PythonOracle.Output out =
              PythonOracle.run(List.of(SUPERVISORD, "-c", file.toString()), 20);
          assertEquals(2, out.exitCode(), file + ": " + out.stderr());
          assertEquals(expected.get(file.toString()), message(out.stderr()));
        }));
  }

  @TestFactory
  Stream<DynamicTest> everyBadConfigFailsWithSupervisordsMessage() {
    ConfigLoader loader = ConfigLoader.forCurrentProcess();
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        () -> {
          ConfigException e = assertThrows(ConfigException.class,
              () -> loader.load(file.toString(), ConfigOverrides.NONE));
          assertEquals(expected.get(file.toString()), e.getMessage());
        }));
  }

  @TestFactory
  Stream<DynamicTest> missingConfigFileMatchesSupervisord() throws IOException {
    PythonOracle.Output out = PythonOracle.run(
        List.of(SUPERVISORD, "-c", "/nonexistent/supervisord.conf"), 20);
    assertNotEquals(0, out.exitCode());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader
        .forCurrentProcess().load("/nonexistent/supervisord.conf", ConfigOverrides.NONE));
    return Stream.of(DynamicTest.dynamicTest("missing file", () -> assertTrue(
        out.stderr().startsWith("Error: " + e.getMessage() + "\n"), out.stderr())));
  }
}
