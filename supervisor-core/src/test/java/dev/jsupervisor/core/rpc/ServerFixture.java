package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.config.HttpServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs HttpServers on a loopback TCP port and a UNIX socket in a /tmp temp dir for one test. */
final class ServerFixture implements AutoCloseable {
  final FakeSupervisorApi api = new FakeSupervisorApi();
  final FakeLogTails tails = new FakeLogTails();
  final List<String> logLines = new CopyOnWriteArrayList<>();
  final Path dir;
  final Path socket;
  final HttpServers servers;
  final int port;

  ServerFixture(String username, String password) throws IOException {
    this(username, password, HttpSurface.Factory.NONE);
  }

  ServerFixture(String username, String password, HttpSurface.Factory surfaces)
      throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "js");
    socket = dir.resolve("s.sock");
    List<HttpServerConfig> configs = List.of(
        new HttpServerConfig("inet_http_server", null, "127.0.0.1", 0, 0, null, null, username, password),
        new HttpServerConfig("unix_http_server", socket.toString(), "", 0, 0700, null, null, username, password));
    servers = HttpServers.start(configs, api, tails,
        (level, msg) -> logLines.add(level.tag() + " " + msg), surfaces);
    port = servers.localPort("inet_http_server");
  }

  ServerFixture() throws IOException {
    this(null, null);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    servers.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Output and exit code of a finished command. */
  record Run(int exit, String out) {}

  /** Runs a command with a deadline; stdout and stderr merged. */
  static Run run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs a /usr/bin/python3 script; arguments are available as sys.argv[1:]. */
  static Run python(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Sends raw bytes on a new TCP connection and returns everything until the server closes or replies. */
  String raw(byte[] request) throws IOException {
    return raw(port, request);
  }

  /** As {@link #raw(byte[])}, to any loopback port (e.g. the real supervisord's). */
  static String raw(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      // Written from another thread: the server may answer (413, 401) before reading it all.
      Thread writer = new Thread(() -> {
        try {
          out.write(request);
          out.flush();
        } catch (IOException e) {
          // the server closed early; its answer is what the test reads
        }
      });
      writer.start();
      return readResponse(s.getInputStream());
    }
  }

  String raw(String request) throws IOException {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A POST /RPC2 with Content-Length and optional extra header lines. */
  static String post(String body, String... headers) {
    StringBuilder sb = new StringBuilder("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    sb.append("Content-Type: text/xml\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n");
    return sb.append(body).toString();
  }

  static String call(String method, String paramsXml) {
    return "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method
        + "</methodName>\n<params>\n" + paramsXml + "</params>\n</methodCall>\n";
  }

  /** Reads one response: head, then Content-Length bytes of body. */
  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
          ? state + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headText.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return headText + new String(body, StandardCharsets.UTF_8);
  }

  /** A LogTailSource over in-memory chunks the test pushes. */
  static final class FakeLogTails implements LogTailSource {
    final Chunks chunks = new Chunks();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger closed =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public LogFollower followProcessLog(String namespec, Channel channel, int backlogBytes) {
      if (!namespec.equals("app")) {
        throw new RpcFault(Fault.BAD_NAME, namespec);
      }
      opened.add(namespec + " " + channel + " " + backlogBytes);
      return follower();
    }

    @Override
    public LogFollower followMainLog(int backlogBytes) {
      opened.add("main " + backlogBytes);
      return follower();
    }

    private LogFollower follower() {
      return new LogFollower() {
        private volatile CompletableFuture<byte[]> last;

        @Override
        public CompletableFuture<byte[]> next() {
          last = chunks.take();
          return last;
        }

        @Override
        public void close() {
          closed.incrementAndGet();
          if (last != null) {
            last.cancel(false); // its chunk goes to another follower
          }
        }
      };
    }
  }

  /** Chunks handed to whichever follower asks first; a follower waits while there are none. */
  static final class Chunks {
    private final java.util.ArrayDeque<byte[]> ready = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<CompletableFuture<byte[]>> waiting =
        new java.util.ArrayDeque<>();

    void add(byte[] chunk) {
      while (true) {
        CompletableFuture<byte[]> waiter;
        synchronized (this) {
          waiter = waiting.poll();
          if (waiter == null) {
            ready.add(chunk);
            return;
          }
        }
        if (waiter.complete(chunk)) {
          return;
        }
      }
    }

    synchronized CompletableFuture<byte[]> take() {
      byte[] chunk = ready.poll();
      if (chunk != null) {
        return CompletableFuture.completedFuture(chunk);
      }
      CompletableFuture<byte[]> waiter = new CompletableFuture<>();
      waiting.add(waiter);
      return waiter;
    }
  }
}
