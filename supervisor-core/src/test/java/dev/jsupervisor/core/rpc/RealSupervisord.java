package dev.jsupervisor.core.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real supervisord 4.2.5 in the foreground, in its own /tmp directory: the oracle. */
final class RealSupervisord implements AutoCloseable {
  final Path dir;
  private final Process process;

  private RealSupervisord(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts it on a config of {@code serverSections} (its [unix_http_server] or
   * [inet_http_server]) plus the [supervisord] and [rpcinterface:supervisor] sections; the
   * caller waits for it to listen. {@code dir} is removed on close.
   */
  static RealSupervisord start(Path dir, String serverSections) throws IOException {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, serverSections + String.join("\n",
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        ""));
    Process process = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
    return new RealSupervisord(dir, process);
  }

  /** Stops it with SIGTERM, as an operator would, and removes its directory. */
  @Override
  public void close() throws Exception {
    try {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "supervisord did not stop on SIGTERM");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
