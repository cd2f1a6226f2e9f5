package dev.jsupervisor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
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
    Path archive = distributionArchive();
    Path target = archive.getParent();
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

  /**
   * An installed CLI writes its class-data archive on the first run, the JVM maps it on the next
   * (with -Xshare:on a JVM that cannot use the archive refuses to start), and a jar newer than the
   * archive gets it rewritten.
   */
  @Test
  void cliWritesAClassDataArchiveOnceAndUsesItAfter(@TempDir Path dir) throws Exception {
    Path archive = distributionArchive();
    Launchers.Result untar =
        Launchers.run(dir, Map.of(), 60, List.of("tar", "xzf", archive.toString()));
    assertEquals(0, untar.exitCode(), untar::stderr);
    Path home;
    try (Stream<Path> s = Files.list(dir)) {
      home = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    String ctl = home.resolve("bin/jsupervisorctl").toString();
    Path jsa = home.resolve("lib/jsupervisorctl.jsa");

    Launchers.Result first = Launchers.run(dir, Map.of(), 60, List.of(ctl, "--help"));
    assertEquals(0, first.exitCode(), first::stderr);
    assertTrue(first.stdout().toLowerCase().contains("usage"), first::stdout);
    assertTrue(Files.size(jsa) > 0, "no archive after the first run");
    try (Stream<Path> s = Files.list(home.resolve("lib"))) {
      assertEquals(List.of(), s.filter(p -> p.toString().matches(".*\\.(tmp|classes)$")).toList());
    }

    Launchers.Result mapped =
        Launchers.run(dir, Map.of("JSUPERVISOR_JAVA_OPTS", "-Xshare:on"), 60, List.of(ctl, "--help"));
    assertEquals(0, mapped.exitCode(), mapped::stderr);
    assertTrue(mapped.stdout().toLowerCase().contains("usage"), mapped::stdout);

    // As if a jar had been replaced after the archive was made.
    FileTime stale = FileTime.fromMillis(
        Files.getLastModifiedTime(home.resolve("lib/supervisor-core.jar")).toMillis() - 10_000);
    Files.setLastModifiedTime(jsa, stale);
    Launchers.Result rebuilt = Launchers.run(dir, Map.of(), 60, List.of(ctl, "--help"));
    assertEquals(0, rebuilt.exitCode(), rebuilt::stderr);
    assertTrue(Files.getLastModifiedTime(jsa).compareTo(stale) > 0,
        "the archive was not rewritten after a newer jar");
  }

  private static Path distributionArchive() throws java.io.IOException {
    Path target = Launchers.root().resolve("examples/target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().matches("jsupervisor-.*\\.tar\\.gz"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no distribution archive in " + target));
    }
  }
}
