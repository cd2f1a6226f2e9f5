package dev.jsupervisor.core.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an HTTP client sees of the daemon, compared on raw sockets with the real supervisord 4.2.5
 * on the same credentials: status lines, header names and values (Date and the length of an
 * XML-RPC body aside; header order is Jetty's), and the bytes of error pages.
 */
class SupervisordHttpParityTest {
  private static final String USER = "admin";
  private static final String PASSWORD = "pw-Parity";
  private static final String GET_STATE = "<?xml version='1.0'?><methodCall>"
      + "<methodName>supervisor.getState</methodName></methodCall>";

  private static Path dir;
  private static RealSupervisord real;
  private static int realPort;
  private static ServerFixture ours;

  @BeforeAll
  static void startBoth() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/supervisord")),
        "the real supervisord 4.2.5 is not installed");
    dir = Files.createTempDirectory(Path.of("/tmp"), "jsp");
    try (ServerSocket free = new ServerSocket(0)) {
      realPort = free.getLocalPort();
    }
    real = RealSupervisord.start(dir, "[inet_http_server]\nport=127.0.0.1:" + realPort
        + "\nusername=" + USER + "\npassword=" + PASSWORD + "\n");
    await("supervisord listening").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> {
          new Socket("127.0.0.1", realPort).close();
          return true;
        });
    ours = new ServerFixture(USER, PASSWORD);
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (ours != null) {
      ours.close();
    }
    if (real != null) {
      real.close();
    } else if (dir != null) {
      Files.deleteIfExists(dir);
    }
  }

  private static String auth(String password) {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString(
        (USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void wrongPasswordOnRpc2IsTheSame401() throws Exception {
    String request = ServerFixture.post(GET_STATE, auth("wrong"));
    Response theirs = exchange(realPort, request);
    Response mine = exchange(ours.port, request);
    assertEquals("HTTP/1.1 401 Unauthorized", theirs.statusLine);
    assertEquals(theirs.statusLine, mine.statusLine);
    assertEquals(theirs.headers, mine.headers);
    assertEquals("close", mine.headers.get("connection"));
    assertEquals("Basic realm=\"default\"", mine.headers.get("www-authenticate"));
    assertEquals(theirs.body, mine.body);
  }

  @Test
  void noCredentialsOnATailIsTheSame401() throws Exception {
    String request = "GET /logtail/app HTTP/1.1\r\nHost: localhost\r\n\r\n";
    Response theirs = exchange(realPort, request);
    Response mine = exchange(ours.port, request);
    assertEquals(theirs.statusLine, mine.statusLine);
    assertEquals(theirs.headers, mine.headers);
    assertEquals(theirs.body, mine.body);
  }

  @Test
  void unknownPathIsTheSame404() throws Exception {
    String request = "GET /nosuch HTTP/1.1\r\nHost: localhost\r\n" + auth(PASSWORD) + "\r\n\r\n";
    Response theirs = exchange(realPort, request);
    Response mine = exchange(ours.port, request);
    assertEquals("HTTP/1.1 404 Not Found", theirs.statusLine);
    assertEquals(theirs.statusLine, mine.statusLine);
    assertEquals(theirs.headers, mine.headers);
    assertEquals(theirs.body, mine.body);
  }

  @Test
  void goodXmlRpcCallHasTheSameHeaders() throws Exception {
    String request = ServerFixture.post(GET_STATE, auth(PASSWORD));
    Response theirs = exchange(realPort, request);
    Response mine = exchange(ours.port, request);
    assertEquals("HTTP/1.1 200 OK", theirs.statusLine);
    assertEquals(theirs.statusLine, mine.statusLine);
    theirs.headers.remove("content-length");
    mine.headers.remove("content-length");
    assertEquals(Map.of("server", "Medusa/1.12", "content-type", "text/xml"), theirs.headers);
    assertEquals(theirs.headers, mine.headers);
    assertTrue(mine.body.contains("<name>statename</name>"), mine.body);
  }

  /** One response, header names lower-cased, Date dropped after checking it is there. */
  private record Response(String statusLine, Map<String, String> headers, String body) {}

  private static Response exchange(int port, String request) throws IOException {
    String raw = ServerFixture.raw(port, request.getBytes(StandardCharsets.ISO_8859_1));
    int end = raw.indexOf("\r\n\r\n");
    assertTrue(end > 0, "no complete response head from port " + port + ": " + raw);
    String[] lines = raw.substring(0, end).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).toLowerCase(), lines[i].substring(colon + 1).trim());
    }
    assertTrue(headers.containsKey("date"), "no Date header from port " + port + ": " + raw);
    headers.remove("date");
    return new Response(lines[0], headers, raw.substring(end + 4));
  }
}
