package dev.jsupervisor.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory settings of the exec'd JVMs, read back from the running daemon and listener: the
 * heap the launcher intends (README, "Memory"), the classes it keeps out of the daemon, and an
 * operator's JSUPERVISOR_JAVA_OPTS winning over them. The JVM takes the last of repeated options, so the effective value is the last one.
 */
class LauncherMemoryIT {
  private static final String LISTENER_MAIN = "dev.jsupervisor.listeners.ordered.Main";

  @Test
  void daemonAndListenerRunWithTheIntendedHeapSettings(@TempDir Path dir) throws Exception {
    Process daemon = startWithListener(dir, Map.of());
    try {
      List<String> daemonArgs = cmdline(daemon.pid());
      assertEquals("dev.jsupervisor.core.daemon.Main", mainClass(daemonArgs), daemonArgs::toString);
      assertEquals(Optional.of("8m"), effective(daemonArgs, "-Xms"), daemonArgs::toString);
      assertEquals(Optional.of("512m"), effective(daemonArgs, "-Xmx"), daemonArgs::toString);
      assertFreeRatios(daemonArgs, "20", "50");
      assertTrue(daemonArgs.contains("-XX:+UseSerialGC"), daemonArgs::toString);
      assertEquals(Optional.of("16"),
          effective(daemonArgs, "-Dorg.eclipse.jetty.util.referencesPerCacheLine="),
          daemonArgs::toString);
      assertTrim(daemonArgs);

      long listener = awaitListener(daemon.pid());
      List<String> listenerArgs = cmdline(listener);
      assertEquals(Optional.of("4m"), effective(listenerArgs, "-Xms"), listenerArgs::toString);
      assertEquals(Optional.of("128m"), effective(listenerArgs, "-Xmx"), listenerArgs::toString);
      assertFreeRatios(listenerArgs, "10", "30");
      assertTrue(listenerArgs.contains("-XX:+UseSerialGC"), listenerArgs::toString);
      assertTrim(listenerArgs);
    } finally {
      stop(daemon);
    }
  }

  @Test
  void anOperatorRaisesTheCeilingThroughJavaOpts(@TempDir Path dir) throws Exception {
    Process daemon = startWithListener(dir, Map.of("JSUPERVISOR_JAVA_OPTS", "-Xmx1g"));
    try {
      List<String> daemonArgs = cmdline(daemon.pid());
      assertEquals(Optional.of("1g"), effective(daemonArgs, "-Xmx"), daemonArgs::toString);
      List<String> listenerArgs = cmdline(awaitListener(daemon.pid()));
      assertEquals(Optional.of("1g"), effective(listenerArgs, "-Xmx"), listenerArgs::toString);
    } finally {
      stop(daemon);
    }
  }

  /**
   * Jetty runs in the daemon (its MemoryUtils is loaded when the HTTP server starts) without
   * asking the platform MBean server about the heap: JMX is never loaded, so it is not in the
   * daemon's metaspace or in the class-data archive a run leaves (README, "Memory").
   */
  @Test
  void theDaemonRunsJettyWithoutLoadingJmx(@TempDir Path dir) throws Exception {
    Process daemon = startWithListener(dir, Map.of());
    try {
      List<Set<String>> seen = new ArrayList<>(List.of(Set.of()));
      await("Jetty's MemoryUtils loaded in " + daemon.pid()).atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            seen.set(0, loadedClasses(daemon.pid()));
            return seen.get(0).contains("org.eclipse.jetty.util.MemoryUtils");
          });
      Set<String> loaded = seen.get(0);
      assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("javax.management.")
          || c.startsWith("java.lang.management.")).sorted().toList());
    } finally {
      stop(daemon);
    }
  }

  /**
   * The names of the classes the JVM at pid has loaded, from `jcmd PID VM.class_hierarchy` (one
   * class a line, indented by "|  " and marked "|--", followed by "/" and its loader).
   */
  private static Set<String> loadedClasses(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    ProcessBuilder pb = new ProcessBuilder(jcmd.toString(), Long.toString(pid),
        "VM.class_hierarchy").redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jcmd did not finish");
    assertEquals(0, p.exitValue(), out);
    Set<String> names = new HashSet<>();
    for (String line : out.split("\n")) {
      String name = line.replace("|  ", "").replace("|--", "").trim();
      int slash = name.indexOf('/');
      if (slash > 0) {
        names.add(name.substring(0, slash));
      }
    }
    assertTrue(names.contains("java.lang.Object"), out);
    return names;
  }

  /**
   * Native heap trimming once a second, on a JDK that has the option (this test's JDK stands for
   * the launcher's: both come from JAVA_HOME or PATH).
   */
  private static void assertTrim(List<String> args) {
    Runtime.Version v = Runtime.version();
    boolean has = v.feature() >= 22 || (v.feature() == 21 && v.update() >= 1)
        || (v.feature() == 17 && v.update() >= 9);
    assertEquals(has ? Optional.of("1000") : Optional.empty(),
        effective(args, "-XX:TrimNativeHeapInterval="), args::toString);
  }

  private static void assertFreeRatios(List<String> args, String min, String max) {
    assertEquals(Optional.of(min), effective(args, "-XX:MinHeapFreeRatio="), args::toString);
    assertEquals(Optional.of(max), effective(args, "-XX:MaxHeapFreeRatio="), args::toString);
  }

  /** The value of the last JVM option (before the main class) that starts with prefix. */
  private static Optional<String> effective(List<String> args, String prefix) {
    String found = null;
    for (String arg : args) {
      if (arg.startsWith("dev.jsupervisor.")) {
        break;
      }
      if (arg.startsWith(prefix)) {
        found = arg.substring(prefix.length());
      }
    }
    return Optional.ofNullable(found);
  }

  private static String mainClass(List<String> args) {
    return args.stream().filter(a -> a.startsWith("dev.jsupervisor.")).findFirst().orElse("");
  }

  /** The daemon's child JVM running the ordered-startup listener, once it runs. */
  private static long awaitListener(long daemonPid) {
    long[] found = {0};
    await("ordered-startup listener under " + daemonPid).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> {
          for (long child : children(daemonPid)) {
            if (cmdline(child).contains(LISTENER_MAIN)) {
              found[0] = child;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  private static List<Long> children(long pid) throws IOException {
    List<Long> kids = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String text = Files.readString(task.resolve("children"), StandardCharsets.UTF_8).trim();
        for (String kid : text.isEmpty() ? new String[0] : text.split("\\s+")) {
          kids.add(Long.parseLong(kid));
        }
      }
    }
    return kids;
  }

  private static List<String> cmdline(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
  }

  /** bin/jsupervisord -n of the checkout with an ordered-startup listener, answering on its socket. */
  private static Process startWithListener(Path dir, Map<String, String> env) throws Exception {
    Path root = Launchers.root();
    Path conf = dir.resolve("supervisord.conf");
    Path sock = dir.resolve("s.sock");
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "[unix_http_server]",
        "file=" + sock,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[eventlistener:ordered]",
        "command=" + root.resolve("bin/ordered-startup") + " -c " + conf,
        "events=PROCESS_STATE",
        "[program:app]",
        "command=sleep 1000",
        "autostart=false",
        "startinorder=true",
        ""));
    ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/jsupervisord").toString(), "-n", "-c",
        conf.toString()).directory(dir.toFile());
    Map<String, String> all = new HashMap<>(env);
    // No background archive job from this run: the test reads flags, not archives.
    all.put("JSUPERVISOR_NO_CDS", "1");
    pb.environment().putAll(all);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process daemon = pb.start();
    try {
      await("jsupervisord socket " + sock).atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!daemon.isAlive()) {
              throw new AssertionError("jsupervisord exited " + daemon.exitValue());
            }
            return Files.exists(sock);
          });
    } catch (RuntimeException | Error e) {
      stop(daemon);
      throw e;
    }
    return daemon;
  }

  private static void stop(Process daemon) throws InterruptedException {
    daemon.destroy();
    if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
      daemon.destroyForcibly();
    }
  }
}
