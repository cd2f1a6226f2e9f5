package dev.jsupervisor.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bin/ launchers: usage after a build, a one-line hint before it, symlinks, any cwd. */
class LaunchersIT {
  private static final String[] TOOLS = {
    "jsupervisord", "jsupervisorctl", "ordered-startup", "fast-reload", "event-forwarder",
    "supervisor-exporter", "testkit"
  };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jsupervisord", "jsupervisorctl", "ordered-startup", "fast-reload", "event-forwarder",
        "supervisor-exporter", "testkit"
      })
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
    Path home = unpackDistribution(dir);
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

  /**
   * The daemon and a listener, which the launcher execs, get their archives from a detached job
   * that waits until the run has lasted a while: a `--help` leaves none, a daemon with an event
   * listener that stays up leaves one for each (and a copy of JNA's native library), and the next
   * run maps both (with -Xshare:on a JVM that cannot use its archive refuses to start, and the
   * listener inherits the option) and loads that copy; a launcher newer than the archive has it
   * made again.
   */
  @Test
  void daemonAndListenerArchivesAreMadeInTheBackgroundFromARunThatLasts(@TempDir Path dir)
      throws Exception {
    Path home = unpackDistribution(dir);
    Path lib = home.resolve("lib");
    Map<String, String> quick = Map.of("JSUPERVISOR_CDS_DELAY", "1");
    String daemon = home.resolve("bin/jsupervisord").toString();

    Launchers.Result help = Launchers.run(dir, quick, 60, List.of(daemon, "--help"));
    assertEquals(0, help.exitCode(), help::stderr);
    awaitNoArchiveJob(lib);
    assertFalse(Files.exists(lib.resolve("jsupervisord.jsa")), "an archive from --help");

    Path conf = dir.resolve("supervisord.conf");
    writeConfig(conf,
        "childlogdir=" + dir,
        "[unix_http_server]",
        "file=" + dir.resolve("s.sock"),
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[eventlistener:ordered]",
        "command=" + home.resolve("bin/ordered-startup") + " -c " + conf,
        "events=PROCESS_STATE",
        "[program:app]",
        "command=sleep 1000",
        "autostart=false",
        "startinorder=true");
    Process first = startDaemon(dir, daemon, conf, quick);
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(lib.resolve("jsupervisord.jsa"))
              && Files.exists(lib.resolve("ordered-startup.jsa")));
      awaitNoArchiveJob(lib);
    } finally {
      stop(first);
    }

    assertTrue(Files.size(lib.resolve("jna/libjnidispatch.so")) > 0, "JNA's library not copied");

    Files.delete(dir.resolve("supervisord.log"));
    // jna.nounpack: JNA may not unpack its library again, so the copy must be the one loaded.
    Process mapped = startDaemon(dir, daemon, conf,
        Map.of("JSUPERVISOR_JAVA_OPTS", "-Xshare:on -Djna.nounpack=true"));
    try {
      // The listener started `app`: both JVMs came up on their archives.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(dir.resolve("supervisord.log"))
              && Files.readString(dir.resolve("supervisord.log")).contains("spawned: 'app'"));
    } finally {
      stop(mapped);
    }

    // An archive holds what a run with the launcher's flags loaded: a newer launch.sh (no newer
    // jar) gets it made again.
    Path jsa = lib.resolve("jsupervisord.jsa");
    FileTime newestJar;
    try (Stream<Path> jars = Files.list(lib)) {
      newestJar = jars.filter(p -> p.toString().endsWith(".jar")).map(LaunchersIT::modified)
          .max(FileTime::compareTo).orElseThrow();
    }
    FileTime archived = FileTime.fromMillis(newestJar.toMillis() + 1_000);
    FileTime edited = FileTime.fromMillis(archived.toMillis() + 1_000);
    Files.setLastModifiedTime(jsa, archived);
    Files.setLastModifiedTime(home.resolve("bin/lib/launch.sh"), edited);
    Process third = startDaemon(dir, daemon, conf, quick);
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> modified(jsa).compareTo(edited) > 0);
      awaitNoArchiveJob(lib);
    } finally {
      stop(third);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An installation where JNA cannot load its native library is reported in one line. */
  @Test
  void aDaemonWithoutJnaSupportSaysSoInOneLine(@TempDir Path dir) throws Exception {
    Path home = unpackDistribution(dir);
    Path conf = dir.resolve("supervisord.conf");
    writeConfig(conf, "[program:app]", "command=sleep 1000");
    // A fresh install has no copy of JNA's library yet, and it may not unpack one.
    Launchers.Result r = Launchers.run(dir,
        Map.of("JSUPERVISOR_JAVA_OPTS", "-Djna.nounpack=true", "JSUPERVISOR_NO_CDS", "1"), 60,
        List.of(home.resolve("bin/jsupervisord").toString(), "-n", "-c", conf.toString()));
    assertEquals(2, r.exitCode(), r::stderr);
    List<String> lines = r.stderr().lines().toList();
    assertEquals(1, lines.size(), r::stderr);
    assertTrue(lines.get(0).startsWith("Error: a library jsupervisord needs could not be loaded:")
        && lines.get(0).contains("JNA"), lines.get(0));
  }

  /** Writes {@code conf}: a [supervisord] section with its log and pidfile beside it, then lines. */
  private static void writeConfig(Path conf, String... lines) throws java.io.IOException {
    Path dir = conf.getParent();
    List<String> all = new java.util.ArrayList<>(List.of("[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"), "pidfile=" + dir.resolve("supervisord.pid")));
    all.addAll(List.of(lines));
    all.add("");
    Files.writeString(conf, String.join("\n", all));
  }

  private static Process startDaemon(Path dir, String daemon, Path conf, Map<String, String> env)
      throws java.io.IOException {
    ProcessBuilder pb = new ProcessBuilder(daemon, "-n", "-c", conf.toString()).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private static void stop(Process daemon) throws InterruptedException {
    daemon.destroy();
    if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
      daemon.destroyForcibly();
    }
  }

  /** Waits until no archive job is under way in {@code lib} and it left nothing behind. */
  private static void awaitNoArchiveJob(Path lib) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try (Stream<Path> s = Files.list(lib)) {
        return s.noneMatch(p -> p.toString().matches(".*\\.(lock|classes|copy|tmp|snapshot)$"));
      }
    });
  }

  private static Path unpackDistribution(Path dir) throws Exception {
    Launchers.Result untar = Launchers.run(
        dir, Map.of(), 60, List.of("tar", "xzf", distributionArchive().toString()));
    assertEquals(0, untar.exitCode(), untar::stderr);
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
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
