package dev.jsupervisor.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGQUIT shuts supervisord 4.2.5 and jsupervisord (started through bin/jsupervisord, in the
 * foreground and daemonized) down the same way; jcmd still gets a thread dump; a Java listener
 * whose stopsignal is QUIT exits on it.
 */
class SigquitIT {
  private static final String SUPERVISORD = "/usr/bin/supervisord";
  private static final String JSUPERVISORD = Launchers.root().resolve("bin/jsupervisord").toString();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /**
   * Starts a command with SIGQUIT unblocked, as from an operator's shell or systemd: a JVM (this
   * test's) starts its children with SIGQUIT blocked, and Python never unblocks it.
   */
  private static final List<String> UNBLOCKING_QUIT = List.of("/usr/bin/python3", "-c",
      "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGQUIT]);"
          + " os.execv(sys.argv[1], sys.argv[1:])");
  /** What supervisord.py logs on SIGQUIT, after the timestamp. */
  private static final String QUIT_LINE = "WARN received SIGQUIT indicating exit request";

  private final List<Long> started = new ArrayList<>();

  @BeforeEach
  void oracleInstalled() {
    assumeTrue(Files.isExecutable(Path.of(SUPERVISORD)), "supervisor 4.2.5 is not installed");
  }

  @AfterEach
  void killLeftovers() {
    for (long pid : started) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** The same scenario against both daemons; {@code foreground} is {@code -n}. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void sigquitShutsBothDaemonsDownTheSameWay(boolean foreground, @TempDir Path tmp)
      throws Exception {
    Shutdown oracle = runUntilQuit(SUPERVISORD, Files.createDirectory(tmp.resolve("py")), foreground);
    Shutdown ours = runUntilQuit(JSUPERVISORD, Files.createDirectory(tmp.resolve("j")), foreground);

    assertArrayEquals(
        QUIT_LINE.getBytes(StandardCharsets.UTF_8), oracle.quitLine(), "supervisord's line");
    assertArrayEquals(oracle.quitLine(), ours.quitLine(), "jsupervisord's line");
    for (Shutdown s : List.of(oracle, ours)) {
      assertTrue(s.afterQuit().contains("WARN stopped: one (terminated by SIGTERM)"), s::toString);
      assertFalse(s.pidfileLeft(), () -> "pidfile left: " + s);
      assertFalse(s.socketLeft(), () -> "socket left: " + s);
    }
    assertEquals(oracle.exitCode(), ours.exitCode());
    if (foreground) {
      assertEquals(0, ours.exitCode());
      // The JVM's thread dump on SIGQUIT is switched off by the launcher.
      assertFalse(ours.stdout().contains("Full thread dump"), ours::stdout);
    }
  }

  /** jcmd still gets a thread dump from a daemon started by the launcher, which keeps running. */
  @Test
  void jcmdPrintsAThreadDumpAndTheDaemonKeepsRunning(@TempDir Path dir) throws Exception {
    Process daemon = startForeground(JSUPERVISORD, dir);
    long pid = daemon.pid();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Launchers.Result dump =
        Launchers.run(dir, Map.of(), 60, List.of(jcmd.toString(), Long.toString(pid), "Thread.print"));

    assertEquals(0, dump.exitCode(), dump::stderr);
    assertTrue(dump.stdout().contains("Full thread dump"), dump::stdout);
    assertTrue(dump.stdout().contains("\"supervisor\""), "the daemon's loop thread: " + dump.stdout());
    assertTrue(daemon.isAlive(), "jcmd's attach request stopped the daemon");
    assertFalse(mainLog(dir).contains("exit request"), mainLog(dir));

    signal("QUIT", pid);
    assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "no exit on SIGQUIT");
    assertEquals(0, daemon.exitValue());
  }

  /**
   * A program's stopsignal may be QUIT; a Java event listener (bin/ordered-startup) then exits
   * on it (status 128 + 3) rather than waiting for supervisord's SIGKILL after stopwaitsecs.
   */
  @Test
  void aJavaListenerWithStopsignalQuitExitsOnIt(@TempDir Path dir) throws Exception {
    String listener = Launchers.root().resolve("bin/ordered-startup") + " -c " + dir.resolve("d.conf");
    Process daemon = startForeground(SUPERVISORD, dir,
        "loglevel=debug",
        "[eventlistener:ordered]",
        "command=" + listener,
        "events=PROCESS_STATE",
        "stopsignal=QUIT",
        "stopwaitsecs=60");
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .until(() -> mainLog(dir).contains("ordered: ACKNOWLEDGED -> READY"));
    long listenerPid = spawnedPid(mainLog(dir), "ordered");
    // The listener takes SIGQUIT once its libc-binding thread has done its work and ended.
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
        .until(() -> !threadNames(listenerPid).contains("libc-binding"));

    signal("TERM", daemon.pid());
    assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "supervisord did not exit");
    String log = mainLog(dir);
    assertTrue(log.contains("stopped: ordered (exit status 131)"), log);
    assertFalse(log.contains("SIGKILL"), log);
  }

  /** What one daemon did on SIGQUIT. */
  private record Shutdown(
      byte[] quitLine,
      List<String> afterQuit,
      boolean pidfileLeft,
      boolean socketLeft,
      int exitCode,
      String stdout) {
    @Override
    public String toString() {
      return "after SIGQUIT " + afterQuit + ", exit " + exitCode;
    }
  }

  /**
   * Starts {@code daemon} in {@code dir} with one running program, sends SIGQUIT to the pid in
   * its pidfile and waits until the daemon and the program are gone. A daemonized daemon's exit
   * code cannot be seen (it is not the test's child): then it is reported as -1 for both.
   */
  private Shutdown runUntilQuit(String daemon, Path dir, boolean foreground) throws Exception {
    Process process;
    long pid;
    if (foreground) {
      process = startForeground(daemon, dir);
      pid = process.pid();
    } else {
      process = null;
      writeConfig(dir);
      Launchers.Result r =
          Launchers.run(dir, Map.of(), 60, asOperator(daemon, "-c", dir.resolve("d.conf").toString()));
      assertEquals(0, r.exitCode(), r::stderr);
      awaitRunning(dir);
      pid = Long.parseLong(Files.readString(dir.resolve("d.pid")).trim());
      started.add(pid);
    }
    // The pidfile names the daemon itself: the launcher exec'd the JVM (or the copy wrote it).
    assertEquals(pid, Long.parseLong(Files.readString(dir.resolve("d.pid")).trim()), daemon);
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());

    signal("QUIT", pid);
    int exitCode = -1;
    if (process != null) {
      assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), daemon + " did not exit");
      exitCode = process.exitValue();
    } else {
      await(daemon + " exit").atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> ExampleDaemon.hasExited(pid));
    }
    await("the program's exit").atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> ExampleDaemon.hasExited(child));

    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("main.log"), StandardCharsets.UTF_8)) {
      lines.add(line.length() > 24 ? line.substring(24) : line);
    }
    int quit = -1;
    for (int i = 0; i < lines.size() && quit < 0; i++) {
      if (lines.get(i).contains("SIGQUIT")) {
        quit = i;
      }
    }
    assertTrue(quit >= 0, () -> daemon + " logged nothing about SIGQUIT: " + lines);
    byte[] quitLine = lines.get(quit).getBytes(StandardCharsets.UTF_8);
    String stdout = Files.exists(dir.resolve("stdout")) ? Files.readString(dir.resolve("stdout")) : "";
    return new Shutdown(
        quitLine,
        lines.subList(quit, lines.size()),
        Files.exists(dir.resolve("d.pid")),
        Files.exists(dir.resolve("s.sock")),
        exitCode,
        stdout);
  }

  /** {@code daemon -n -c dir/d.conf}, returning once its program runs. */
  private Process startForeground(String daemon, Path dir, String... extra) throws Exception {
    writeConfig(dir, extra);
    ProcessBuilder pb = new ProcessBuilder(asOperator(daemon, "-n", "-c", dir.resolve("d.conf").toString()))
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    started.add(p.pid());
    awaitRunning(dir);
    return p;
  }

  /**
   * A config with a UNIX socket, main log and pidfile in {@code dir}, and one program that
   * records its pid; {@code extra} lines go at the end of the [supervisord] section and on.
   */
  private static void writeConfig(Path dir, String... extra) throws IOException {
    Files.writeString(dir.resolve("one.sh"), "echo $$ > " + dir.resolve("child.pid") + "\nexec sleep 1000\n");
    List<String> lines = new ArrayList<>(List.of(
        "[unix_http_server]",
        "file=" + dir.resolve("s.sock"),
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:one]",
        "command=sh " + dir.resolve("one.sh"),
        "startsecs=0",
        "[supervisord]",
        "logfile=" + dir.resolve("main.log"),
        "pidfile=" + dir.resolve("d.pid"),
        "childlogdir=" + dir));
    lines.addAll(List.of(extra));
    lines.add("");
    Files.writeString(dir.resolve("d.conf"), String.join("\n", lines));
  }

  private static List<String> asOperator(String daemon, String... args) {
    List<String> command = new ArrayList<>(UNBLOCKING_QUIT);
    command.add(daemon);
    command.addAll(List.of(args));
    return command;
  }

  private static void awaitRunning(Path dir) {
    await("program one RUNNING in " + dir).atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
        .until(() -> mainLog(dir).contains("success: one entered RUNNING")
            && Files.exists(dir.resolve("child.pid"))
            && !Files.readString(dir.resolve("child.pid")).isBlank());
  }

  private static String mainLog(Path dir) throws IOException {
    Path log = dir.resolve("main.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  private static long spawnedPid(String log, String name) {
    String marker = "spawned: '" + name + "' with pid ";
    int at = log.indexOf(marker);
    assertTrue(at >= 0, log);
    String rest = log.substring(at + marker.length());
    return Long.parseLong(rest.substring(0, rest.indexOf('\n')).trim());
  }

  /** The names of a process's threads (as the kernel keeps them, at most 15 bytes). */
  private static List<String> threadNames(long pid) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          names.add(Files.readString(task.resolve("comm")).trim());
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    }
    return names;
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue(), "kill -" + name + " " + pid);
  }
}
