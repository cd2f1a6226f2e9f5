package dev.jsupervisor.core.reliability;

import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.SupervisorClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real jsupervisord started as a child JVM from this test's class path, in its own /tmp
 * directory, with a UNIX socket the tests reach it through; what tests attack, stress and kill.
 */
final class Jsupervisord implements AutoCloseable {
  final Path dir;
  final Path socket;
  final Path mainLog;
  final Process process;
  private final String username;
  private final String password;

  private Jsupervisord(Path dir, Process process, String username, String password) {
    this.dir = dir;
    this.username = username;
    this.password = password;
    this.socket = dir.resolve("s.sock");
    this.mainLog = dir.resolve("main.log");
    this.process = process;
  }

  /** A new directory under /tmp, short enough for a UNIX socket path. */
  static Path newDirectory() throws IOException {
    return Files.createTempDirectory(Path.of("/tmp"), "jsr");
  }

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The [supervisord], [unix_http_server] and [supervisorctl] sections for {@code dir}; add
   * program and server sections after them. {@code unixExtra} goes into [unix_http_server].
   */
  static String baseConfig(Path dir, String unixExtra) {
    return "[supervisord]\nlogfile=" + dir.resolve("main.log") + "\npidfile=" + dir.resolve("s.pid")
        + "\nchildlogdir=" + dir + "\nloglevel=info\n"
        + "[unix_http_server]\nfile=" + dir.resolve("s.sock") + "\n" + unixExtra
        + "[supervisorctl]\nserverurl=unix://" + dir.resolve("s.sock") + "\n";
  }

  /**
   * A daemon in a new directory with a TCP server on loopback {@code port} guarded by these
   * credentials, and one program, {@code steady}, that runs until stopped.
   */
  static Jsupervisord startWithSteadyProgram(int port, String username, String password)
      throws IOException {
    Path dir = newDirectory();
    return start(dir, baseConfig(dir, "") + "[inet_http_server]\nport=127.0.0.1:" + port
        + "\nusername=" + username + "\npassword=" + password
        + "\n[program:steady]\ncommand=/bin/sleep 100000\nstartsecs=0\n");
  }

  /** Writes {@code config} to {@code dir} and starts the daemon in the foreground (-n). */
  static Jsupervisord start(Path dir, String config) throws IOException {
    return start(dir, config, null, null);
  }

  /** As {@link #start(Path, String)}, for a UNIX server that wants these credentials. */
  static Jsupervisord start(Path dir, String config, String username, String password)
      throws IOException {
    Path conf = dir.resolve("s.conf");
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A small heap makes any unbounded buffering fail loudly instead of growing quietly.
        "-Djdk.serialFilter=!*", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // The launcher's heap policy (bin/lib/launch.sh): the heap gives back what it does not
        // use, so resident memory follows the work.
        "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=50",
        "-cp", System.getProperty("java.class.path"),
        "dev.jsupervisor.core.daemon.Main", "-n", "-c", conf.toString()));
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.out").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Jsupervisord daemon = new Jsupervisord(dir, process, username, password);
    try {
      await("jsupervisord answering on " + daemon.socket).atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("jsupervisord exited: " + daemon.output());
            }
            try (SupervisorClient c = daemon.client()) {
              return c.getState() == SupervisorState.RUNNING;
            }
          });
    } catch (RuntimeException | Error e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  /** A client over the UNIX socket, with the credentials the daemon was started for. */
  SupervisorClient client() {
    SupervisorClient.Builder builder =
        SupervisorClient.builder("unix://" + socket).readTimeout(Duration.ofSeconds(30));
    if (username != null) {
      builder.credentials(username, password);
    }
    return builder.build();
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size of the daemon process in KiB, from /proc/PID/status. */
  long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS: line for " + pid());
  }

  /**
   * Bytes of live objects on the daemon's heap: {@code jcmd PID GC.class_histogram} runs a full
   * collection first and ends with a line "Total INSTANCES BYTES".
   */
  long liveHeapBytes() throws IOException, InterruptedException {
    // Objects that died before the first collection may still be held by cleaners (JNA's
    // Memory) until their threads ran; the second collection no longer sees them.
    histogramTotal();
    return histogramTotal();
  }

  private long histogramTotal() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = dir.resolve("histogram.txt");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd GC.class_histogram did not finish in 120 s");
    }
    List<String> lines = Files.readAllLines(out);
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("Total")) {
        return Long.parseLong(f[2]);
      }
    }
    throw new IOException("no Total line from jcmd GC.class_histogram: " + lines);
  }

  /** Open file descriptors of the daemon process. */
  int openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
      return (int) fds.count();
    }
  }

  /** Threads of the daemon process, from /proc/PID/status. */
  int threads() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring(8).trim());
      }
    }
    throw new IOException("no Threads: line for " + pid());
  }

  /** Thread names of the daemon, digits dropped, with how many threads share each. */
  java.util.Map<String, Long> threadNames() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      return tasks.map(t -> {
        try {
          return Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
        } catch (IOException gone) {
          return "(gone)";
        }
      }).collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.TreeMap::new,
          java.util.stream.Collectors.counting()));
    }
  }

  String mainLogText() throws IOException {
    return Files.exists(mainLog) ? Files.readString(mainLog, StandardCharsets.UTF_8) : "";
  }

  /** What the daemon wrote to its stdout and stderr. */
  String output() {
    try {
      return Files.readString(dir.resolve("daemon.out"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 30 s) and removes its directory. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    removeTree(dir);
  }

  static void removeTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
