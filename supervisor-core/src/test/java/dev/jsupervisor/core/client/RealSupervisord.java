package dev.jsupervisor.core.client;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real supervisord 4.2.5 run in the foreground from a temp dir under /tmp, for tests that
 * compare against it. {@link #close()} sends SIGTERM and waits for it to exit.
 */
public final class RealSupervisord implements AutoCloseable {
  public static final String SUPERVISORD = "/usr/bin/supervisord";
  public static final String SUPERVISORCTL = "/usr/bin/supervisorctl";

  private final Path dir;
  private final Path config;
  private final Process process;
  private final String serverUrl;

  private RealSupervisord(Path dir, Path config, Process process, String serverUrl) {
    this.dir = dir;
    this.config = config;
    this.process = process;
    this.serverUrl = serverUrl;
  }

  /**
   * Starts supervisord with {@code programs} (config text with {@code %(dir)s} for the temp dir)
   * on a UNIX socket, or on {@code inetPort} with {@code user}/{@code pass} when the port is
   * positive. Waits until the API answers.
   */
  public static RealSupervisord start(String programs, int inetPort, String user, String pass)
      throws IOException {
    return start(List.of(SUPERVISORD), programs, inetPort, user, pass);
  }

  /** jsupervisord from this build's classes, as a child JVM. */
  public static List<String> jsupervisordCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.serialFilter=!*",
        "-cp",
        System.getProperty("java.class.path"),
        "dev.jsupervisor.core.daemon.Main");
  }

  /** Like {@link #start(String, int, String, String)} with another daemon command. */
  public static RealSupervisord start(
      List<String> daemon, String programs, int inetPort, String user, String pass)
      throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "js");
    Path sock = dir.resolve("s.sock");
    StringBuilder conf = new StringBuilder();
    conf.append("[supervisord]\nnodaemon=true\nlogfile=").append(dir.resolve("main.log"))
        .append("\npidfile=").append(dir.resolve("sd.pid"))
        .append("\nchildlogdir=").append(dir)
        .append("\nidentifier=test\n\n");
    conf.append("[rpcinterface:supervisor]\n")
        .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n");
    String url;
    if (inetPort > 0) {
      conf.append("[inet_http_server]\nport=127.0.0.1:").append(inetPort).append('\n');
      if (user != null) {
        conf.append("username=").append(user).append("\npassword=").append(pass).append('\n');
      }
      url = "http://127.0.0.1:" + inetPort;
    } else {
      conf.append("[unix_http_server]\nfile=").append(sock).append('\n');
      url = "unix://" + sock;
    }
    conf.append("\n[supervisorctl]\nserverurl=").append(url).append('\n');
    if (user != null) {
      conf.append("username=").append(user).append("\npassword=").append(pass).append('\n');
    }
    conf.append('\n').append(programs.replace("%(dir)s", dir.toString()));
    Path config = dir.resolve("supervisord.conf");
    Files.writeString(config, conf.toString(), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(concat(daemon, List.of("-n", "-c", config.toString())))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .start();
    RealSupervisord sd = new RealSupervisord(dir, config, p, url);
    try (SupervisorClient c = SupervisorClient.builder(url).credentials(user, pass).build()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> "3.0".equals(c.getVersion()));
    } catch (RuntimeException e) {
      sd.close();
      throw e;
    }
    return sd;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** A TCP port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public Path dir() {
    return dir;
  }

  public Path config() {
    return config;
  }

  public String url() {
    return serverUrl;
  }

  public long pid() {
    return process.pid();
  }

  /** Rewrites the program part of the config (for reread/update tests). */
  public void rewritePrograms(String oldText, String newText) throws IOException {
    String conf = Files.readString(config);
    Files.writeString(config, conf.replace(oldText, newText.replace("%(dir)s", dir.toString())));
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
