package dev.jsupervisor.examples;

import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.config.SupervisordConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One example run as its README says (from the checkout root, in the foreground), with a client
 * on its UNIX socket; {@link #close()} stops it with SIGTERM and checks that no child survived.
 */
final class ExampleDaemon implements AutoCloseable {
  private final Process process;
  private final SupervisorClient client;
  private final Path mainLog;
  private final List<Integer> seenPids = new ArrayList<>();

  private ExampleDaemon(Process process, SupervisorClient client, Path mainLog) {
    this.process = process;
    this.client = client;
    this.mainLog = mainLog;
  }

  /**
   * Starts {@code daemon -n -c examples/<conf>} in the checkout root, where daemon is
   * {@code bin/jsupervisord} or {@code /usr/bin/supervisord}.
   */
  static ExampleDaemon start(String daemon, String conf) throws Exception {
    Path root = Launchers.root();
    Path confPath = root.resolve("examples").resolve(conf);
    SupervisordConfig config =
        ConfigLoader.forCurrentProcess().load(confPath.toString(), ConfigOverrides.NONE).config();
    String socket = null;
    for (HttpServerConfig s : config.httpServers()) {
      if (s.isUnix()) {
        socket = s.unixSocket();
      }
    }
    if (socket == null) {
      throw new IllegalStateException(conf + " has no [unix_http_server]");
    }
    Files.deleteIfExists(Path.of(config.logfile()));
    ProcessBuilder pb =
        new ProcessBuilder(daemon, "-n", "-c", "examples/" + conf).directory(root.toFile());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    SupervisorClient client = SupervisorClient.of("unix://" + socket);
    ExampleDaemon d = new ExampleDaemon(p, client, Path.of(config.logfile()));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> client.getAllProcessInfo() != null);
    } catch (RuntimeException | Error e) {
      d.close();
      throw e;
    }
    return d;
  }

  SupervisorClient client() {
    return client;
  }

  List<ProcessInfo> infos() {
    List<ProcessInfo> infos = client.getAllProcessInfo();
    for (ProcessInfo i : infos) {
      if (i.pid() != 0 && !seenPids.contains(i.pid())) {
        seenPids.add(i.pid());
      }
    }
    return infos;
  }

  /** Waits until every process matches what {@code expected} maps its namespec to. */
  void awaitStates(Duration timeout, Map<String, ProcessState> expected) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              List<ProcessInfo> infos = infos();
              for (Map.Entry<String, ProcessState> e : expected.entrySet()) {
                ProcessInfo info =
                    infos.stream().filter(i -> i.namespec().equals(e.getKey())).findFirst().orElse(null);
                if (info == null || info.state() != e.getValue()) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Waits until every process whose namespec matches {@code which} is in {@code state}. */
  void awaitAll(Duration timeout, Predicate<String> which, ProcessState state, int count) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions() // SHUTDOWN_STATE faults and refused connections while reloading
        .until(
            () -> {
              List<ProcessInfo> matching =
                  infos().stream().filter(i -> which.test(i.namespec())).toList();
              return matching.size() == count
                  && matching.stream().allMatch(i -> i.state() == state);
            });
  }

  /** The main log's lines without their timestamps. */
  List<String> logLines() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(mainLog, StandardCharsets.UTF_8)) {
      out.add(line.length() > 24 ? line.substring(24) : line);
    }
    return out;
  }

  /** Index of the first log line containing {@code text}, or fails. */
  int logIndex(String text) throws Exception {
    List<String> lines = logLines();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no log line contains '" + text + "' in " + mainLog);
  }

  @Override
  public void close() throws Exception {
    try {
      infos();
    } catch (RuntimeException ignored) {
      // Already gone.
    }
    client.close();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the daemon did not stop within 30 s of SIGTERM");
    }
    for (int pid : seenPids) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> hasExited(pid));
    }
  }

  /** Whether a process has exited: gone, or a zombie nobody has reaped yet. */
  static boolean hasExited(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (Exception e) {
      return true;
    }
  }
}
