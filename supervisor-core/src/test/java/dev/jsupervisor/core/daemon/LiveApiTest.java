package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard's API on a real jsupervisord over real HTTP (no browser): snapshot facts, the
 * event stream, guarded actions against hostile requests, log tails and assets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveApiTest {
  /** A TCP server, a lone program and a group of two, all RUNNING at once. */
  static final String SERVER_WORKER_AND_WEB_GROUP = """

      [inet_http_server]
      port=127.0.0.1:@PORT@

      [program:worker]
      command=/bin/sleep 1000
      startsecs=0

      [group:web]
      programs=web_a,web_b

      [program:web_a]
      command=/bin/sleep 1000
      startsecs=0

      [program:web_b]
      command=/bin/sleep 1000
      startsecs=0
      """;

  static final String CONFIG = LiveDaemon.CONFIG_HEADER + SERVER_WORKER_AND_WEB_GROUP + """

      [program:talker]
      command=/bin/sh -c 'echo first-line; exec sleep 1000'
      startsecs=0

      [program:slow]
      command=/bin/sleep 1000
      startsecs=1000
      autostart=false

      [program:flaky]
      command=/bin/false
      startsecs=1
      startretries=100000
      autostart=false

      [program:broken]
      command=/nonexistent/program
      autostart=false
      """;

  private LiveDaemon daemon;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    daemon = LiveDaemon.create(Kind.JSUPERVISORD);
    daemon.writeConfig(CONFIG);
    daemon.launch();
    await().atMost(LiveDaemon.PATIENCE).until(() -> stateOf("web:web_b").equals("RUNNING")
        && stateOf("talker").equals("RUNNING") && stateOf("worker").equals("RUNNING"));
  }

  @AfterAll
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url() + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/actions"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Declares a body far beyond what the server drains and sends none of it: the refusal must
   * come at once, from the headers alone, and the server must close the connection.
   */
  private String hugeDeclaredBody(String token) throws Exception {
    URI uri = URI.create(daemon.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String head = "POST /api/v1/actions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nContent-Type: application/json\r\nX-JSupervisor-Token: " + token
          + "\r\nContent-Length: 50000000\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      boolean refused = answer.startsWith("HTTP/1.1 413 ");
      boolean closed = answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close");
      return (refused ? "413" : answer.lines().findFirst().orElse("nothing"))
          + (closed ? " and closed" : " kept open");
    }
  }

  private String token() throws Exception {
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(get("/api/v1/session").body());
    assertTrue(m.find());
    return m.group(1);
  }

  private HttpResponse<String> act(String json) throws Exception {
    return post(json, "Content-Type", "application/json", "X-JSupervisor-Token", token(),
        "Sec-Fetch-Site", "same-origin");
  }

  /** The process's object in the snapshot, as text. */
  private String process(String namespec) throws Exception {
    String body = get("/api/v1/processes").body();
    Matcher m = Pattern.compile("\\{\"namespec\":\"" + Pattern.quote(namespec) + "\"[^}]*\\}")
        .matcher(body);
    return m.find() ? m.group() : "";
  }

  private String stateOf(String namespec) throws Exception {
    return field(process(namespec), "state");
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  @Test
  @Order(1)
  void snapshotCarriesPerProcessFactsFromProc() throws Exception {
    HttpResponse<String> r = get("/api/v1/processes");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    String worker = process("worker");
    assertTrue(Integer.parseInt(field(worker, "pid")) > 0, worker);
    assertTrue(Long.parseLong(field(worker, "rssBytes")) > 0, worker);
    assertTrue(Double.parseDouble(field(worker, "cpuSeconds")) >= 0, worker);
    assertEquals("0", field(worker, "restarts"));
    assertEquals("web", field(process("web:web_a"), "group"));
    assertEquals("-1", field(process("broken"), "rssBytes"), "a stopped process has no usage");
  }

  @Test
  @Order(2)
  void restartsAreCountedFromEvents() throws Exception {
    daemon.ctl("restart", "worker");
    await().atMost(LiveDaemon.PATIENCE).until(() -> field(process("worker"), "restarts").equals("1"));
  }

  @Test
  @Order(3)
  void eventStreamPushesAStateChangeMadeBySupervisorctl() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/events")).build();
    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream;charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception e) {
        // closed by the test
      }
    });
    reader.start();
    try {
      await().atMost(LiveDaemon.PATIENCE).until(() -> lines.contains("event: hello"));
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("retry: ")), lines.toString());
      daemon.ctl("stop", "web:web_a");
      await().atMost(LiveDaemon.PATIENCE).until(() -> lines.stream().anyMatch(l ->
          l.startsWith("data: {\"type\":\"PROCESS_STATE_STOPPED\"") && l.contains("\"name\":\"web_a\"")
              && l.contains("\"group\":\"web\"")));
      daemon.ctl("start", "web:web_a");
    } finally {
      r.body().close();
      reader.interrupt();
    }
  }

  @Test
  @Order(4)
  void hostileActionRequestsAreRefusedAndLoggedWithoutTheToken() throws Exception {
    String token = token();
    String stop = "{\"action\":\"stop\",\"names\":[\"worker\"]}";
    assertEquals(403, post(stop, "Content-Type", "application/json").statusCode(), "no token");
    assertEquals(403, post(stop, "Content-Type", "application/json", "X-JSupervisor-Token", "x")
        .statusCode(), "wrong token");
    assertEquals(403, post(stop, "Content-Type", "application/json", "X-JSupervisor-Token", token,
        "Sec-Fetch-Site", "cross-site").statusCode(), "cross-site even with the token");
    assertEquals(403, post(stop, "Content-Type", "application/json", "X-JSupervisor-Token", token,
        "Origin", "http://127.0.0.1:1").statusCode(), "foreign Origin");
    assertEquals(415, post(stop, "Content-Type", "application/x-www-form-urlencoded",
        "X-JSupervisor-Token", token).statusCode(), "a form body");
    HttpResponse<String> bad = post("{\"action\":", "Content-Type", "application/json",
        "X-JSupervisor-Token", token);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("{\"error\":\"malformed JSON: "), bad.body());
    HttpResponse<String> tooLarge = post("{\"action\":\"stop\",\"names\":[\""
        + "x".repeat(900_000) + "\"]}", "Content-Type", "application/json",
        "X-JSupervisor-Token", token);
    assertEquals(413, tooLarge.statusCode(), "read to its end and refused, not reset");
    assertTrue(tooLarge.body().contains("body larger than 65536 bytes"), tooLarge.body());
    assertEquals("413 and closed", hugeDeclaredBody(token));
    assertEquals(405, get("/api/v1/actions?action=stop&names=worker").statusCode());
    assertEquals(403, get("/api/v1/session", "Sec-Fetch-Site", "cross-site").statusCode());
    assertFalse(get("/api/v1/session").headers().firstValue("Access-Control-Allow-Origin").isPresent());
    assertEquals("RUNNING", stateOf("worker"), "no refused request changed anything");
    String log = daemon.mainLog();
    assertTrue(log.contains("web dashboard: refused POST /api/v1/actions from 127.0.0.1: Sec-Fetch-Site: cross-site"), log);
    assertTrue(log.contains("refused POST /api/v1/actions from 127.0.0.1: wrong X-JSupervisor-Token"), log);
    assertFalse(log.contains(token), "the token never reaches the log");
  }

  @Test
  @Order(5)
  void groupAndSelectionActionsWork() throws Exception {
    HttpResponse<String> r = act("{\"action\":\"stop\",\"names\":[\"web:*\"]}");
    assertEquals(200, r.statusCode());
    assertEquals("{\"ok\":true,\"results\":[{\"name\":\"web:web_a\",\"ok\":true,\"error\":\"\"},"
        + "{\"name\":\"web:web_b\",\"ok\":true,\"error\":\"\"}]}", sorted(r.body()));
    assertEquals("STOPPED", stateOf("web:web_a"));
    assertEquals("STOPPED", stateOf("web:web_b"));
    r = act("{\"action\":\"start\",\"names\":[\"web:web_a\",\"web:web_b\",\"nosuch\"]}");
    assertTrue(r.body().contains("{\"name\":\"nosuch\",\"ok\":false,\"error\":\"BAD_NAME: nosuch\"}"), r.body());
    assertTrue(r.body().startsWith("{\"ok\":false"), r.body());
    assertEquals("RUNNING", stateOf("web:web_a"));
    assertEquals("RUNNING", stateOf("web:web_b"));
  }

  private static String sorted(String body) {
    return body.contains("web_b\",\"ok\":true,\"error\":\"\"},{\"name\":\"web:web_a")
        ? body.replace("{\"name\":\"web:web_b\",\"ok\":true,\"error\":\"\"},{\"name\":\"web:web_a\",\"ok\":true,\"error\":\"\"}",
            "{\"name\":\"web:web_a\",\"ok\":true,\"error\":\"\"},{\"name\":\"web:web_b\",\"ok\":true,\"error\":\"\"}")
        : body;
  }

  @Test
  @Order(6)
  void stopWorksInStartingAndBackoff() throws Exception {
    act("{\"action\":\"start\",\"names\":[\"flaky\"]}");
    daemon.ctl("start", "slow"); // never reaches RUNNING: startsecs=1000
    await().atMost(LiveDaemon.PATIENCE).until(() -> stateOf("slow").equals("STARTING"));
    await().atMost(LiveDaemon.PATIENCE).until(() -> stateOf("flaky").equals("BACKOFF"));
    HttpResponse<String> r = act("{\"action\":\"stop\",\"names\":[\"slow\",\"flaky\"]}");
    assertTrue(r.body().startsWith("{\"ok\":true"), r.body());
    assertEquals("STOPPED", stateOf("slow"));
    assertEquals("STOPPED", stateOf("flaky"));
  }

  @Test
  @Order(7)
  void liveLogTailDeliversTheFirstBytesAtOnce() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/log/talker/stdout")).build();
    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      assertEquals(200, r.statusCode());
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
      byte[] first = new byte[11];
      assertEquals(11, in.readNBytes(first, 0, 11), "11 bytes arrive without waiting for 1 KB");
      assertEquals("first-line\n", new String(first, StandardCharsets.UTF_8));
    }
    assertEquals(404, get("/api/v1/log/nosuch/stdout").statusCode());
    assertEquals(404, get("/api/v1/log/talker/stdin").statusCode());
    assertEquals(404, get("/api/v1/log/talker").statusCode());
    assertEquals(404, get("/api/v1/log?name=talker").statusCode());
    assertEquals(404, get("/api/v1/log?channel=stdout").statusCode());
    HttpResponse<InputStream> byQuery = http.send(HttpRequest.newBuilder(URI.create(daemon.url()
        + "/api/v1/log?name=talker&channel=stdout")).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = byQuery.body()) {
      assertEquals(200, byQuery.statusCode());
      assertEquals("first-line\n", new String(in.readNBytes(11), StandardCharsets.UTF_8));
    }
    HttpResponse<InputStream> main = http.send(HttpRequest.newBuilder(
        URI.create(daemon.url() + "/api/v1/mainlog")).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = main.body()) {
      assertEquals(200, main.statusCode());
      assertTrue(in.read() >= 0, "the main log's tail starts at once");
    }
  }

  @Test
  @Order(8)
  void assetsComeFromTheJarWithEtagAndSecurityHeaders() throws Exception {
    HttpResponse<String> js = get("/assets/dashboard.js");
    assertEquals(200, js.statusCode());
    assertEquals("text/javascript;charset=utf-8", js.headers().firstValue("Content-Type").orElse(""));
    String etag = js.headers().firstValue("ETag").orElse(null);
    assertNotNull(etag);
    assertEquals(304, get("/assets/dashboard.js", "If-None-Match", etag).statusCode());
    assertTrue(js.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    assertEquals("DENY", js.headers().firstValue("X-Frame-Options").orElse(""));
    assertEquals("same-origin", js.headers().firstValue("Referrer-Policy").orElse(""));
    assertFalse(js.body().contains("innerHTML"), "the script builds no HTML from text");
    assertEquals(200, get("/assets/dashboard.css").statusCode());
    assertEquals(404, get("/assets/nosuch.js").statusCode());
    assertEquals(404, get("/api/v1/nosuch").statusCode());
  }

  @Test
  @Order(8)
  void theDashboardIsServedOverTheUnixSocketToo() throws Exception {
    LiveDaemon.Output out = daemon.run(List.of("curl", "-s", "--max-time", "20", "--unix-socket",
        daemon.dir.resolve("s.sock").toString(), "http://localhost/api/v1/processes"), null,
        LiveDaemon.PATIENCE, text -> false);
    assertEquals(0, out.exitCode(), out.stderr());
    assertTrue(out.stdout().contains("\"namespec\":\"worker\""), out.stdout());
    LiveDaemon.Output js = daemon.run(List.of("curl", "-s", "--max-time", "20", "-o", "/dev/null",
        "-w", "%{http_code}", "--unix-socket", daemon.dir.resolve("s.sock").toString(),
        "http://localhost/assets/dashboard.js"), null, LiveDaemon.PATIENCE, text -> false);
    assertEquals("200", js.stdout());
  }

  @Test
  @Order(9)
  void restartAllReportsRealFailures() throws Exception {
    // Its own daemon: restartall starts everything and waits, which the STARTING/BACKOFF
    // programs above would never finish.
    LiveDaemon main = daemon;
    try (LiveDaemon small = LiveDaemon.create(Kind.JSUPERVISORD)) {
      small.writeConfig(LiveDaemon.CONFIG_HEADER + """

          [inet_http_server]
          port=127.0.0.1:@PORT@

          [program:worker]
          command=/bin/sleep 1000
          startsecs=0

          [program:broken]
          command=/nonexistent/program
          autostart=false
          """);
      small.launch();
      daemon = small;
      await().atMost(LiveDaemon.PATIENCE).until(() -> stateOf("worker").equals("RUNNING"));
      String pidBefore = field(process("worker"), "pid");
      HttpResponse<String> r = act("{\"action\":\"restartall\"}");
      assertTrue(r.body().startsWith("{\"ok\":false"), r.body());
      assertTrue(r.body().contains("{\"name\":\"broken\",\"ok\":false,\"error\":\"NO_FILE: "), r.body());
      assertTrue(r.body().contains("{\"name\":\"worker\",\"ok\":true,\"error\":\"\"}"), r.body());
      assertEquals("RUNNING", stateOf("worker"));
      assertFalse(pidBefore.equals(field(process("worker"), "pid")), "worker was restarted");
    } finally {
      daemon = main;
    }
  }
}
