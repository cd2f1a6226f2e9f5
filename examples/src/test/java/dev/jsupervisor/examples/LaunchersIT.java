package dev.jsupervisor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bin/ launchers: usage after a build, a one-line hint before it, symlinks, any cwd. */
class LaunchersIT {
  private static final String[] TOOLS = {
    "jsupervisord", "jsupervisorctl", "ordered-startup", "fast-reload", "testkit"
  };

  @ParameterizedTest
  @ValueSource(
      strings = {"jsupervisord", "jsupervisorctl", "ordered-startup", "fast-reload", "testkit"})
  void helpPrintsUsageAndExitsZero(String tool, @TempDir Path cwd) throws Exception {
    Launchers.Result r =
        Launchers.run(
            cwd, Map.of(), 60, List.of(Launchers.root().resolve("bin").resolve(tool).toString(), "--help"));
    assertEquals(0, r.exitCode(), () -> tool + " --help: " + r.stderr());
    assertTrue(
        r.stdout().toLowerCase().contains("usage"), () -> tool + " printed no usage: " + r.stdout());
  }

  @Test
  void launcherWorksThroughASymlinkFromAnotherDirectory(@TempDir Path dir) throws Exception {
    Path link = dir.resolve("ctl");
    Files.createSymbolicLink(link, Launchers.root().resolve("bin/jsupervisorctl"));
    Launchers.Result r = Launchers.run(dir, Map.of(), 60, List.of(link.toString(), "--help"));
    assertEquals(0, r.exitCode(), r::stderr);
    assertTrue(r.stdout().toLowerCase().contains("usage"), r::stdout);
  }

  @Test
  void unbuiltCheckoutPrintsOneLineHintAndExitsTwo(@TempDir Path fakeCheckout) throws Exception {
    Path bin = Files.createDirectories(fakeCheckout.resolve("bin/lib"));
    Files.copy(
        Launchers.root().resolve("bin/lib/launch.sh"),
        bin.resolve("launch.sh"),
        StandardCopyOption.COPY_ATTRIBUTES);
    for (String tool : TOOLS) {
      Files.copy(
          Launchers.root().resolve("bin").resolve(tool),
          fakeCheckout.resolve("bin").resolve(tool),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    for (String tool : TOOLS) {
      Launchers.Result r =
          Launchers.run(
              fakeCheckout,
              Map.of(),
              30,
              List.of(fakeCheckout.resolve("bin").resolve(tool).toString(), "--help"));
      assertEquals(2, r.exitCode(), tool);
      assertEquals("", r.stdout(), tool);
      List<String> lines = r.stderr().lines().toList();
      assertEquals(1, lines.size(), () -> tool + ": " + r.stderr());
      assertTrue(lines.get(0).startsWith(tool + ": not built yet"), lines.get(0));
      assertTrue(lines.get(0).contains("mvn -q -DskipTests package"), lines.get(0));
    }
  }

  @Test
  void distributionArchiveHoldsLaunchersAndEveryJar() throws Exception {
    Path target = Launchers.root().resolve("examples/target");
    Path archive;
    try (Stream<Path> s = Files.list(target)) {
      archive =
          s.filter(p -> p.getFileName().toString().matches("jsupervisor-.*\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no distribution archive in " + target));
    }
    Launchers.Result r =
        Launchers.run(target, Map.of(), 60, List.of("tar", "tzf", archive.toString()));
    assertEquals(0, r.exitCode(), r::stderr);
    for (String tool : TOOLS) {
      assertTrue(r.stdout().contains("/bin/" + tool + "\n"), tool);
    }
    for (String jar : List.of("supervisor-core.jar", "listeners.jar", "testkit.jar", "jna.jar")) {
      assertTrue(r.stdout().contains("/lib/" + jar + "\n"), jar);
    }
  }
}
