package dev.jsupervisor.listeners.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.listeners.forwarder.EventJson;
import dev.jsupervisor.listeners.forwarder.FleetEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's nats-server with JetStream on a free loopback port and a temp store dir; it can be
 * killed and started again on the same port and store, and reads back what a stream holds.
 */
final class NatsServerUnderTest implements AutoCloseable {
  private static final List<Path> BINARIES =
      List.of(Path.of("/usr/bin/nats-server"), Path.of("/usr/sbin/nats-server"));

  private final Path binary;
  private final Path dir;
  private final int port;
  private List<String> extraArgs;
  private Process process;

  private NatsServerUnderTest(Path binary, Path dir, int port, List<String> extraArgs) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** Starts a server; {@code extraArgs} such as {@code --user u --pass p}. Skips when absent. */
  static NatsServerUnderTest start(String... extraArgs) throws IOException {
    NatsServerUnderTest server = prepare(extraArgs);
    server.startProcess();
    return server;
  }

  /** A server with its port and store chosen but not started yet ({@link #restart} starts it). */
  static NatsServerUnderTest prepare(String... extraArgs) throws IOException {
    Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(binary != null, "nats-server is not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return new NatsServerUnderTest(binary,
        Files.createTempDirectory(Path.of("/tmp"), "natsit"), port, List.of(extraArgs));
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** SIGKILL: the broker vanishes without a goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts it (again) on its port and store, with other {@code extraArgs} from now on. */
  void restartWith(String... extraArgs) throws IOException {
    this.extraArgs = List.of(extraArgs);
    startProcess();
  }

  /** Starts it (again) on its port and store. */
  void restart() throws IOException {
    startProcess();
  }

  /** A client connection for the test's own reads (no credentials unless given). */
  Connection connect(String user, String password) throws IOException, InterruptedException {
    Options.Builder b = new Options.Builder().server(url());
    if (user != null) {
      b.userInfo(user, password);
    }
    return Nats.connect(b.build());
  }

  /** How many messages {@code stream} holds; 0 while it does not exist. */
  static long count(Connection c, String stream) throws IOException {
    try {
      StreamInfo info = c.jetStreamManagement().getStreamInfo(stream);
      return info.getStreamState().getMsgCount();
    } catch (JetStreamApiException e) {
      return 0;
    }
  }

  /** Every message of {@code stream} in stream order, read as forwarded events. */
  static List<FleetEvent> events(Connection c, String stream)
      throws IOException, JetStreamApiException {
    return messages(c, stream).stream().map(m -> EventJson.read(m.getData())).toList();
  }

  /** The subjects of every message of {@code stream}, in stream order. */
  static List<String> subjects(Connection c, String stream)
      throws IOException, JetStreamApiException {
    return messages(c, stream).stream().map(MessageInfo::getSubject).toList();
  }

  private static List<MessageInfo> messages(Connection c, String stream)
      throws IOException, JetStreamApiException {
    JetStreamManagement jsm = c.jetStreamManagement();
    StreamInfo info = jsm.getStreamInfo(stream);
    List<MessageInfo> messages = new ArrayList<>();
    for (long seq = info.getStreamState().getFirstSequence();
        seq <= info.getStreamState().getLastSequence(); seq++) {
      messages.add(jsm.getMessage(stream, seq));
    }
    return messages;
  }

  private void startProcess() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-js", "-a", "127.0.0.1",
        "-p", Integer.toString(port), "-sd", dir.resolve("store").toString()));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
        .start();
    await("nats-server accepts connections on " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20)).ignoreExceptions()
        .failFast("nats-server exited", () -> !process.isAlive())
        .until(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
          }
        });
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null) {
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
