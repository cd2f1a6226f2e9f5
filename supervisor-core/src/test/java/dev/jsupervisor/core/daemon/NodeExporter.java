package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's node_exporter 1.5 with only its supervisord collector, on a loopback port, pointed at
 * one daemon's XML-RPC URL: the oracle for the {@code node_supervisord_*} families (tests only).
 */
final class NodeExporter implements AutoCloseable {
  static final String BINARY = "/usr/bin/prometheus-node-exporter";

  private final Process process;
  private final int port;

  private NodeExporter(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(Path.of(BINARY)), "prometheus-node-exporter is not installed");
  }

  /** Starts it against {@code rpcUrl} (http://user:pass@host:port/RPC2 or unix:///path). */
  static NodeExporter start(String rpcUrl, Path logDir) throws IOException {
    int port = ServerSockets.freePort();
    Process p = new ProcessBuilder(List.of(BINARY, "--web.listen-address=127.0.0.1:" + port,
            "--collector.disable-defaults", "--collector.supervisord",
            "--collector.supervisord.url=" + rpcUrl))
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve("node-exporter-" + port + ".log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    NodeExporter exporter = new NodeExporter(p, port);
    await("node_exporter on " + port).atMost(LiveDaemon.PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> ScrapeTarget.get(exporter.url(), null, null, null).statusCode() == 200);
    return exporter;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/metrics";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
