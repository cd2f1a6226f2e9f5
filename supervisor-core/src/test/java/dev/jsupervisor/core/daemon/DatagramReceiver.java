package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A syslog stand-in for tests: /usr/bin/python3 bound to an AF_UNIX datagram socket (the JDK has
 * none), writing each datagram it receives as a hex line to a file this class reads back.
 */
final class DatagramReceiver implements AutoCloseable {
  /** Binds argv[1], says "ready" on stderr, appends each datagram as a hex line to argv[2]. */
  static final String SCRIPT =
      """
      import os, socket, sys
      path, out = sys.argv[1], sys.argv[2]
      s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
      s.bind(path)
      os.chmod(path, 0o666)
      with open(out, 'a') as f:
          print('ready', file=sys.stderr, flush=True)
          while True:
              f.write(s.recv(1 << 20).hex() + '\\n')
              f.flush()
      """;

  final Path socket;
  private final Path out;
  private final Process process;

  private DatagramReceiver(Path socket, Path out, Process process) {
    this.socket = socket;
    this.out = out;
    this.process = process;
  }

  /** Binds {@code socket} (which must not exist) and returns once it is receiving. */
  static DatagramReceiver bind(Path socket) throws IOException {
    Path out = socket.resolveSibling(socket.getFileName() + ".received");
    Path ready = socket.resolveSibling(socket.getFileName() + ".ready");
    Process p =
        new ProcessBuilder(LiveDaemon.PYTHON, "-c", SCRIPT, socket.toString(), out.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ready.toFile())
            .start();
    DatagramReceiver r = new DatagramReceiver(socket, out, p);
    await("receiver on " + socket)
        .atMost(LiveDaemon.PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !p.isAlive() || Files.readString(ready).contains("ready"));
    if (!p.isAlive()) {
      throw new IOException("receiver failed: " + Files.readString(ready));
    }
    return r;
  }

  /** Every datagram so far, decoded as UTF-8. */
  List<String> received() throws IOException {
    List<String> all = new ArrayList<>();
    if (!Files.exists(out)) {
      return all;
    }
    for (String line : Files.readAllLines(out, StandardCharsets.US_ASCII)) {
      all.add(new String(HexFormat.of().parseHex(line), StandardCharsets.UTF_8));
    }
    return all;
  }

  /** Stops receiving and removes the socket (later sends find nothing there). */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }
}
