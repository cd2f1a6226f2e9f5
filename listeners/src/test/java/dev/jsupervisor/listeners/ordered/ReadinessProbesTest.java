package dev.jsupervisor.listeners.ordered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadinessProbesTest {
  private final ReadinessProbes probes = new ReadinessProbes(Duration.ofSeconds(5));

  @AfterEach
  void close() {
    probes.close();
  }

  private ProbeResult probe(ReadinessCheck check) throws Exception {
    return probes.probe(check).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void tcpIsReadyWhileSomethingListensAndRefusedAfter() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      assertEquals(ProbeResult.ready("connected"),
          probe(new ReadinessCheck.Tcp("127.0.0.1", port)));
    }
    assertEquals(ProbeResult.notReady("connection refused"),
        probe(new ReadinessCheck.Tcp("127.0.0.1", port)));
  }

  @Test
  void httpIsReadyOnlyOn2xx() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/down", ex -> {
      byte[] body = "not yet".getBytes();
      ex.sendResponseHeaders(503, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertEquals(ProbeResult.ready("HTTP 204"),
          probe(new ReadinessCheck.Http(URI.create(base + "/ok"))));
      assertEquals(ProbeResult.notReady("HTTP 503"),
          probe(new ReadinessCheck.Http(URI.create(base + "/down"))));
      assertEquals(ProbeResult.notReady("HTTP 404"),
          probe(new ReadinessCheck.Http(URI.create(base + "/missing"))));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpToAClosedPortIsNotReady() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProbeResult r = probe(new ReadinessCheck.Http(URI.create("http://127.0.0.1:" + port + "/")));
    assertEquals(false, r.ready(), r.detail());
  }

  @Test
  void commandIsReadyOnExitZero(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertEquals(ProbeResult.ready("exit 0"), probe(new ReadinessCheck.Command("true")));
    assertEquals(ProbeResult.notReady("exit 3"), probe(new ReadinessCheck.Command("exit 3")));
    java.nio.file.Path flag = dir.resolve("ready");
    ReadinessCheck check = new ReadinessCheck.Command("test -e '" + flag + "'");
    assertEquals(ProbeResult.notReady("exit 1"), probe(check));
    java.nio.file.Files.createFile(flag);
    assertEquals(ProbeResult.ready("exit 0"), probe(check));
  }

  @Test
  void hangingCommandIsKilledAtTheAttemptTimeout() throws Exception {
    try (ReadinessProbes quick = new ReadinessProbes(Duration.ofMillis(300))) {
      ProbeResult r = quick.probe(new ReadinessCheck.Command("sleep 30"))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(ProbeResult.notReady("timed out after 300 ms"), r);
    }
  }

  @Test
  void parseAcceptsTheThreeFormsAndRejectsMalformedOnes() {
    assertEquals(new ReadinessCheck.Tcp("::1", 80), ReadinessCheck.parse(" tcp:[::1]:80 "));
    assertEquals(new ReadinessCheck.Tcp("db.local", 5432), ReadinessCheck.parse("tcp:db.local:5432"));
    assertEquals(new ReadinessCheck.Http(URI.create("https://h/x?y=1")),
        ReadinessCheck.parse("https://h/x?y=1"));
    assertEquals(new ReadinessCheck.Command("pg_isready -q"), ReadinessCheck.parse("cmd:pg_isready -q"));
    for (String bad : new String[] {"tcp:", "tcp::80", "tcp:h:0", "tcp:h:65536", "tcp:h",
        "tcp:h:99999999999", "http://", "http://exa mple", "cmd:", "udp:h:1", "",
        "tcp:h:" + "9".repeat(5000)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReadinessCheck.parse(bad), bad);
      assertEquals(true, e.getMessage().startsWith("'"), e.getMessage());
    }
  }
}
