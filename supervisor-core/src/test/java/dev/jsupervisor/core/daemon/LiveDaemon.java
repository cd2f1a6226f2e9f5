package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real supervisord 4.2.5 or jsupervisord running as a child process in its own short temp dir
 * under /tmp, on a config template whose {@code @DIR@} and {@code @PORT@} are filled in, for the
 * parity tests that run one scenario against both daemons.
 */
final class LiveDaemon implements AutoCloseable {
  static final String SUPERVISORD = "/usr/bin/supervisord";
  static final String SUPERVISORCTL = "/usr/bin/supervisorctl";
  static final String PYTHON = "/usr/bin/python3";
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /**
   * The sections every test config starts with: a UNIX socket server, the main log and pidfile in
   * the daemon's dir, and PARITY_MARK=dir in every child's environment (to find leftovers).
   */
  static final String CONFIG_HEADER =
      """
      [unix_http_server]
      file=@DIR@/s.sock

      [supervisord]
      logfile=@DIR@/main.log
      pidfile=@DIR@/d.pid
      childlogdir=@DIR@
      nodaemon=true
      environment=PARITY_MARK="@DIR@"

      [rpcinterface:supervisor]
      supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

      [supervisorctl]
      serverurl=unix://@DIR@/s.sock
      """;

  /** Which daemon. */
  enum Kind {
    SUPERVISORD,
    JSUPERVISORD
  }

  /** What a finished (or timed-out and killed) command printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  final Kind kind;
  final Path dir;
  final int port;
  final Path conf;
  /** jsupervisord's class path and extra JVM options; a test's preparation may change them. */
  String classPath = System.getProperty("java.class.path");
  final List<String> jvmOptions = new ArrayList<>();
  /** Runs before the daemon's own command (which it must exec), e.g. a namespace wrapper. */
  final List<String> wrapper = new ArrayList<>();
  private Process process;

  private LiveDaemon(Kind kind, Path dir, int port) {
    this.kind = kind;
    this.dir = dir;
    this.port = port;
    this.conf = dir.resolve("d.conf");
  }

  /** Skips the calling test unless the real supervisord and supervisorctl are installed. */
  static void assumeOracleInstalled() {
    assumeTrue(
        Files.isExecutable(Path.of(SUPERVISORD)) && Files.isExecutable(Path.of(SUPERVISORCTL)),
        "supervisor 4.2.5 is not installed");
  }

  /** A daemon with its dir and port chosen but not yet started. */
  static LiveDaemon create(Kind kind) throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), kind == Kind.SUPERVISORD ? "jsp" : "jsj");
    return new LiveDaemon(kind, dir, freePort());
  }

  void writeConfig(String template) throws IOException {
    Files.writeString(conf, fill(template));
  }

  String fill(String template) {
    return template.replace("@DIR@", dir.toString()).replace("@PORT@", String.valueOf(port));
  }

  /** Starts the daemon; returns once it has logged that it started. */
  void launch() throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    if (kind == Kind.SUPERVISORD) {
      command.add(SUPERVISORD);
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Djdk.serialFilter=!*");
      command.add("-XX:TieredStopAtLevel=1");
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(classPath);
      command.add(Main.class.getName());
    }
    command.addAll(List.of("-n", "-c", conf.toString()));
    process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("daemon.stdout").toFile())
            .redirectError(dir.resolve("daemon.stderr").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    await("start of " + kind)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !process.isAlive() || mainLog().contains("supervisord started with pid"));
    if (!process.isAlive()) {
      throw new IllegalStateException(kind + " did not start: " + readQuietly("daemon.stderr"));
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The main log file, or the log as echoed on stdout when there is no file (syslog). */
  String mainLog() throws IOException {
    Path log = dir.resolve("main.log");
    if (!Files.exists(log)) {
      log = dir.resolve("daemon.stdout");
    }
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Sends a signal by name (TERM, HUP, INT...) to the daemon. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).start();
    kill.waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits for the daemon to exit on its own; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(kind + " did not exit within " + timeout);
    }
    return process.exitValue();
  }

  /** supervisorctl over the UNIX socket named in the config's [supervisorctl] section. */
  Output ctl(String... args) throws IOException {
    return ctl(List.of(args), unixArgs());
  }

  List<String> unixArgs() {
    return List.of("-c", conf.toString());
  }

  List<String> tcpArgs(String user, String password) {
    return List.of("-c", conf.toString(), "-s", url(), "-u", user, "-p", password);
  }

  Output ctl(List<String> args, List<String> connection) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(SUPERVISORCTL);
    command.addAll(connection);
    command.addAll(args);
    return run(command, null, Duration.ofSeconds(30), out -> false);
  }

  /**
   * Runs a command until it exits or {@code enough} holds for its stdout (then it is killed),
   * feeding it {@code stdin} (null: /dev/null). Exit code -1 when killed.
   */
  Output run(List<String> command, String stdin, Duration timeout, Predicate<String> enough)
      throws IOException {
    Path out = Files.createTempFile(dir, "cmd", ".out");
    Path err = Files.createTempFile(dir, "cmd", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      OutputStream in = p.getOutputStream();
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean killed = false;
    try {
      while (p.isAlive()) {
        if (System.nanoTime() > deadline || enough.test(Files.readString(out))) {
          killed = true;
          p.destroyForcibly();
          break;
        }
        p.waitFor(25, TimeUnit.MILLISECONDS);
      }
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    return new Output(
        killed ? -1 : p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs a Python 3 snippet with the given arguments (sys.argv[1:]) under /usr/bin/python3. */
  Output python(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
    command.addAll(List.of(args));
    return run(command, null, Duration.ofSeconds(30), out -> false);
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited by the deadline; removes the temp dir. Safe to
   * call twice.
   */
  @Override
  public void close() throws IOException {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        // A child may still be writing; the dir is under /tmp.
      }
    }
  }

  private String readQuietly(String file) {
    try {
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
