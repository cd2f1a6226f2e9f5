package dev.jsupervisor.listeners.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.client.SupervisorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One supervisord (the real 4.2.5 or jsupervisord) running a test config in a temp dir under
 * /tmp, with a client on its UNIX socket, its main log parsed into timed lines, and a stop that
 * escalates from SIGTERM to SIGKILL of the daemon and everything it left behind.
 */
final class DaemonUnderTest implements AutoCloseable {
  /** Which daemon runs the config. */
  enum Kind {
    SUPERVISORD,
    JSUPERVISORD
  }

  /** A line of the daemon's main log with its local timestamp as epoch millis. */
  record LogLine(long millis, String level, String text) {}

  private static final Path REAL_SUPERVISORD = Path.of("/usr/bin/supervisord");
  private static final Pattern LOG_LINE =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) (\\w+) (.*)$");
  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

  final Kind kind;
  final Path dir;
  final Path conf;
  private Process process;
  private SupervisorClient client;

  private DaemonUnderTest(Kind kind, Path dir) {
    this.kind = kind;
    this.dir = dir;
    this.conf = dir.resolve("supervisord.conf");
  }

  /** A fresh temp dir for a daemon of this kind; skips the test when the real one is missing. */
  static DaemonUnderTest prepare(Kind kind) throws IOException {
    if (kind == Kind.SUPERVISORD) {
      assumeTrue(Files.isExecutable(REAL_SUPERVISORD), "the real supervisord is not installed");
    }
    return new DaemonUnderTest(kind, Files.createTempDirectory(Path.of("/tmp"), "jsit"));
  }

  /** The java command line that runs {@code mainClass} with the test classpath. */
  static String javaCommand(Class<?> mainClass, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return java + " -Djdk.serialFilter='!*' -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
        + System.getProperty("java.class.path") + " " + mainClass.getName()
        + (args.length == 0 ? "" : " " + String.join(" ", args));
  }

  /** An {@code [eventlistener:NAME]} section running a listener Main on this config. */
  String listenerSection(String name, Class<?> mainClass, String events, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("-c", conf.toString()));
    args.addAll(List.of(extraArgs));
    return String.join("\n",
        "[eventlistener:" + name + "]",
        "command=" + javaCommand(mainClass, args.toArray(String[]::new)),
        "events=" + events,
        "buffer_size=1000",
        "startsecs=1",
        "stderr_logfile=" + listenerLog(name),
        "");
  }

  /** An {@code [eventlistener:exporter]} section running bin/supervisor-exporter's Main. */
  String exporterSection(int port, String events) {
    return String.join("\n",
        "[eventlistener:exporter]",
        "command=" + javaCommand(dev.jsupervisor.listeners.exporter.Main.class,
            "--listen", "127.0.0.1:" + port),
        "events=" + events,
        "startsecs=1",
        "stderr_logfile=" + listenerLog("exporter"),
        "");
  }

  /** Where the listener NAME's stderr (its log) goes. */
  Path listenerLog(String name) {
    return dir.resolve(name + ".err");
  }

  /** Writes supervisord.conf ({@code sections} after the daemon's own) and starts the daemon. */
  DaemonUnderTest start(String sections) throws IOException {
    Path socket = dir.resolve("s.sock");
    String header = String.join("\n",
        "[unix_http_server]",
        "file=" + socket,
        "[supervisord]",
        "nodaemon=true",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "loglevel=" + System.getProperty("it.loglevel", "info"),
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[supervisorctl]",
        "serverurl=unix://" + socket,
        "");
    Files.writeString(conf, header + sections);
    List<String> command = new ArrayList<>();
    if (kind == Kind.SUPERVISORD) {
      command.add(REAL_SUPERVISORD.toString());
    } else {
      command.addAll(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djdk.serialFilter=!*", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          "dev.jsupervisor.core.daemon.Main"));
    }
    command.addAll(List.of("-n", "-c", conf.toString()));
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.out").toFile())
        .start();
    client = SupervisorClient.of("unix://" + socket);
    return this;
  }

  SupervisorClient client() {
    return client;
  }

  Process process() {
    return process;
  }

  /** getAllProcessInfo, failing the test when the daemon is unreachable. */
  List<ProcessInfo> processes() {
    return client.getAllProcessInfo();
  }

  /**
   * Waits until getAllProcessInfo satisfies {@code condition} (calls failing meanwhile, as
   * during a reload, only mean "not yet"); on timeout the message shows the daemon's log.
   */
  List<ProcessInfo> awaitProcesses(
      String what, Duration atMost, Predicate<List<ProcessInfo>> condition) {
    List<List<ProcessInfo>> last = new ArrayList<>(List.of(List.of()));
    try {
      await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .failFast("the daemon exited", () -> !process.isAlive())
          .until(() -> {
            List<ProcessInfo> now = processes();
            last.set(0, now);
            return condition.test(now);
          });
    } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "\nlast states: " + describe(last.get(0))
          + "\n" + diagnostics(), e);
    }
    return last.get(0);
  }

  /** Waits until the text of {@code file} satisfies {@code condition}. */
  void awaitFile(String what, Path file, Duration atMost, Predicate<String> condition) {
    try {
      await(what).atMost(atMost).pollInterval(Duration.ofMillis(50))
          .until(() -> condition.test(read(file)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
    }
  }

  /** Waits for the daemon process to exit; returns false if it did not within the deadline. */
  boolean awaitExit(Duration atMost) throws InterruptedException {
    return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The daemon's main log, line by line (continuation lines are dropped). */
  List<LogLine> mainLog() {
    List<LogLine> lines = new ArrayList<>();
    for (String raw : read(dir.resolve("supervisord.log")).split("\n")) {
      Matcher m = LOG_LINE.matcher(raw);
      if (m.matches()) {
        long millis = LocalDateTime.parse(m.group(1), LOG_TIME)
            .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        lines.add(new LogLine(millis, m.group(2), m.group(3)));
      }
    }
    return lines;
  }

  /** The time of the first main-log line that starts with {@code prefix}; fails when absent. */
  long firstLogTime(String prefix) {
    return mainLog().stream().filter(l -> l.text().startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no log line '" + prefix + "...'\n"
            + diagnostics()))
        .millis();
  }

  /** The daemon's log, its console output and every listener log, for failure messages. */
  String diagnostics() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> {
            String name = p.getFileName().toString();
            return name.equals("supervisord.log") || name.equals("daemon.out")
                || name.endsWith(".err");
          })
          .sorted()
          .forEach(p -> b.append("---- ").append(p.getFileName()).append('\n')
              .append(read(p)));
    } catch (IOException e) {
      b.append("(cannot list ").append(dir).append(": ").append(e).append(")");
    }
    return b.toString();
  }

  private void stopProcessTree() {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        family.addAll(process.descendants().toList());
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    // Whatever the daemon left behind (a killed daemon orphans its children).
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(List<ProcessInfo> infos) {
    return String.join(", ", infos.stream()
        .map(i -> i.group() + ":" + i.name() + "=" + i.state()).toList());
  }

  /**
   * SIGTERM, then SIGKILL of the daemon and its leftovers after a deadline; deletes the dir
   * unless {@code -Dit.keep=true}.
   */
  @Override
  public void close() throws IOException {
    try {
      if (client != null) {
        client.close();
      }
      if (process != null) {
        stopProcessTree();
      }
    } finally {
      deleteDirUnlessKept();
    }
  }

  private void deleteDirUnlessKept() throws IOException {
    if (Boolean.getBoolean("it.keep")) {
      System.out.println("kept " + dir); // -Dit.keep=true: logs stay for a look
    } else {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
