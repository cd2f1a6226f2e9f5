package dev.jsupervisor.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP-level behaviour of /RPC2, the tail routes and Basic auth, on raw sockets. */
class HttpRoutingAndAuthTest {
  private static final String GET_VERSION = ServerFixture.call("supervisor.getVersion", "");
  private ServerFixture fixture;

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static String basic(String user, String password) {
    return "Authorization: Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }

  private static String statusLine(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  @Test
  void rpcPathRules() throws Exception {
    fixture = new ServerFixture();
    String ok = fixture.raw(ServerFixture.post(GET_VERSION));
    assertEquals("HTTP/1.1 200 OK", statusLine(ok));
    assertTrue(ok.contains("\r\nContent-Type: text/xml\r\n"), ok);
    assertTrue(ok.contains("<value><string>3.0</string></value>") || ok.contains("<value>3.0</value>"), ok);
    assertEquals("HTTP/1.1 200 OK",
        statusLine(fixture.raw(ServerFixture.post(GET_VERSION).replace("/RPC2", "/RPC2xyz"))));
    assertEquals("HTTP/1.1 400 Bad Request",
        statusLine(fixture.raw("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals("HTTP/1.1 411 Length Required", statusLine(fixture.raw(
        "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")));
    assertEquals("HTTP/1.1 404 Not Found", statusLine(fixture.raw("GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals("HTTP/1.1 404 Not Found",
        statusLine(fixture.raw("GET /logtail/nosuch HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals("HTTP/1.1 404 Not Found",
        statusLine(fixture.raw("GET /logtail/app/bogus HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals("HTTP/1.1 400 Bad Request",
        statusLine(fixture.raw("POST /mainlogtail HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")));
    assertTrue(fixture.logLines.contains(
        "CRIT Server 'inet_http_server' running without any HTTP authentication checking"), fixture.logLines.toString());
    assertTrue(fixture.logLines.contains(
        "CRIT Server 'unix_http_server' running without any HTTP authentication checking"), fixture.logLines.toString());
  }

  @Test
  void tailStreamAcceptsSupervisorctlsEmptyHostHeader() throws Exception {
    fixture = new ServerFixture();
    fixture.tails.chunks.add("hello\n".getBytes());
    fixture.tails.chunks.add(new byte[0]); // the log ends: the stream closes
    String response = fixture.raw("GET /logtail/app/stderr HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\n"
        + "Accept: */*\r\n\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(response), response);
    assertTrue(response.contains("Content-Type: text/plain;charset=utf-8"), response);
    assertTrue(response.contains("X-Accel-Buffering: no"), response);
    assertEquals("app STDERR 1024", fixture.tails.opened.get(0));
  }

  @Test
  void stopEndsAnOpenMainLogStreamAndRemovesTheSocket() throws Exception {
    fixture = new ServerFixture();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", fixture.port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      fixture.tails.chunks.add("main line\n".getBytes());
      java.io.InputStream in = s.getInputStream();
      String seen = readUntil(in, "main line");
      assertTrue(seen.startsWith("HTTP/1.1 200 OK"), seen);
      assertTrue(seen.contains("Transfer-Encoding: chunked"), seen);
      assertEquals(List.of("main 1024"), fixture.tails.opened);

      fixture.servers.close(); // must not wait for the endless stream
      assertFalse(java.nio.file.Files.exists(fixture.socket));
      assertStreamEnds(in);
    }
  }

  /**
   * A tail of a quiet log sends its head at once, and a client that hangs up releases its
   * follower within a few probe intervals although nothing is ever written to it; a client that
   * stays, even one that sends a stray line break, is not cut by the probes.
   */
  @Test
  void quietTailOfADepartedClientIsReleasedAndAStayingOneKeepsStreaming() throws Exception {
    fixture = new ServerFixture();
    try (java.net.Socket staying = new java.net.Socket("127.0.0.1", fixture.port);
        java.net.Socket leaving = new java.net.Socket("127.0.0.1", fixture.port)) {
      // The staying client opens first, so its probe runs before the leaving one's.
      for (java.net.Socket s : List.of(staying, leaving)) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write("GET /logtail/app HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        String head = ServerFixture.readResponse(s.getInputStream());
        assertEquals("HTTP/1.1 200 OK", statusLine(head), head);
      }
      // supervisorctl ends its request with one CRLF too many; it may arrive late.
      staying.getOutputStream().write("\r\n".getBytes());
      long hangUp = System.nanoTime();
      leaving.close();
      org.awaitility.Awaitility.await("the departed client's follower is closed")
          .atMost(java.time.Duration.ofMillis(4 * dev.jsupervisor.core.rpc.internal.HttpRoutes
              .TAIL_PROBE_MILLIS))
          .until(() -> fixture.tails.closed.get() == 1);
      long releasedAfter = (System.nanoTime() - hangUp) / 1_000_000;

      fixture.tails.chunks.add("late line\n".getBytes());
      readUntil(staying.getInputStream(), "late line");
      assertEquals(1, fixture.tails.closed.get(), "the staying client's follower was closed");
      System.out.println("quiet tail: follower released " + releasedAfter
          + " ms after its client hung up");
    }
  }

  /** What the stream carried up to and including {@code text}; fails if it ends first. */
  private static String readUntil(java.io.InputStream in, String text) throws java.io.IOException {
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().contains(text)) {
      int b = in.read();
      assertTrue(b >= 0, "the stream ended before " + text + ": " + seen);
      seen.append((char) b);
    }
    return seen.toString();
  }

  /** After the server stopped, the stream ends (EOF or reset) instead of hanging. */
  private static void assertStreamEnds(java.io.InputStream in) {
    try {
      while (in.read() >= 0) {
        // drain the final chunk terminator, if any
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the stream stayed open after the server stopped", e);
    } catch (java.io.IOException e) {
      // a reset is an end too
    }
  }

  @Test
  void surfacesGetOtherPathsBehindTheSameAuthInOrderAndUnclaimedPathsStay404() throws Exception {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpSurface.Factory factory = config -> java.util.List.of(
        surface("first", "/a", seen, closed), surface("second", "/", seen, closed));
    fixture = new ServerFixture("user", "secret", factory);
    String anonymous = fixture.raw("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals("HTTP/1.1 401 Unauthorized", statusLine(anonymous));
    assertEquals(java.util.List.of(), seen);
    String auth = basic("user", "secret") + "\r\n";
    String a = fixture.raw("GET /a HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(a));
    assertTrue(a.endsWith("first"), a);
    String root = fixture.raw("GET / HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    assertTrue(root.endsWith("second"), root);
    String other = fixture.raw("GET /zz HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    assertEquals("HTTP/1.1 404 Not Found", statusLine(other));
    assertEquals(java.util.List.of("first /a", "second /"), seen);
    fixture.servers.close();
    assertEquals(4, closed.size(), "each server section's two surfaces closed with its server");
  }

  private static HttpSurface surface(String name, String path, java.util.List<String> seen,
      java.util.List<String> closed) {
    return new HttpSurface() {
      @Override
      public boolean handle(String p, org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
        if (!p.equals(path)) {
          return false;
        }
        seen.add(name + " " + p);
        response.setStatus(200);
        response.write(true, java.nio.ByteBuffer.wrap(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
        return true;
      }

      @Override
      public void close() {
        closed.add(name);
      }
    };
  }

  @Test
  void missingOrWrongCredentialsGet401AndNeverReachTheApi() throws Exception {
    fixture = new ServerFixture("user", "secret");
    for (String header : new String[] {null, basic("user", "wrong"), basic("other", "secret"),
        "Authorization: Bearer abc", "Authorization: Basic !!notbase64", basic("usersecret", "")}) {
      String response = header == null
          ? fixture.raw(ServerFixture.post(GET_VERSION))
          : fixture.raw(ServerFixture.post(GET_VERSION, header));
      assertEquals("HTTP/1.1 401 Unauthorized", statusLine(response), String.valueOf(header));
      assertTrue(response.contains("\r\nWWW-Authenticate: Basic realm=\"default\"\r\n"), response);
    }
    assertEquals("HTTP/1.1 401 Unauthorized",
        statusLine(fixture.raw("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n")));
    assertEquals(0, fixture.api.calls.get());
    assertEquals(0, fixture.tails.opened.size());
    assertEquals("HTTP/1.1 200 OK",
        statusLine(fixture.raw(ServerFixture.post(GET_VERSION, basic("user", "secret")))));
    assertEquals(1, fixture.api.calls.get());
    assertTrue(fixture.logLines.stream().noneMatch(l -> l.contains("secret")), fixture.logLines.toString());
    assertTrue(fixture.logLines.stream().noneMatch(l -> l.startsWith("CRIT")), fixture.logLines.toString());
    // Each of the five wrong credentials logged once; the credential-less requests are not logins.
    assertEquals(5, fixture.logLines.stream()
        .filter(l -> l.equals("WARN HTTP: failed login from 127.0.0.1 (POST /RPC2)")).count(),
        fixture.logLines.toString());
    assertTrue(fixture.logLines.stream().noneMatch(l -> l.contains("abc") || l.contains("notbase64")),
        fixture.logLines.toString());
  }

  /**
   * A page on another site can make the operator's browser POST to /RPC2 (a text/plain "simple"
   * request needs no CORS preflight, and the browser adds stored Basic credentials): refused
   * before the call reaches the API, and logged. Clients without browser headers, and a
   * same-origin request, are served as before.
   */
  @Test
  void crossSiteBrowserRequestsToRpc2AreRefusedBeforeTheApi() throws Exception {
    fixture = new ServerFixture("user", "secret");
    String stopAll = ServerFixture.call("supervisor.stopAllProcesses", "");
    String[][] crossSite = {
        {"Sec-Fetch-Site: cross-site"},
        {"Origin: https://evil.example"},
        {"Origin: http://localhost:9001"}, // the Host header says localhost, without this port
        {"Origin: null"},
    };
    for (String[] headers : crossSite) {
      String[] withAuth = java.util.Arrays.copyOf(headers, headers.length + 1);
      withAuth[headers.length] = basic("user", "secret");
      String response = fixture.raw(ServerFixture.post(stopAll, withAuth));
      assertEquals("HTTP/1.1 403 Forbidden", statusLine(response), String.join(",", headers));
    }
    assertEquals(0, fixture.api.calls.get());
    assertEquals(crossSite.length, fixture.logLines.stream()
        .filter(l -> l.startsWith("WARN HTTP: refused cross-site XML-RPC request from 127.0.0.1 ("))
        .count(), fixture.logLines.toString());
    // supervisorctl, scripts, and a page of the daemon's own origin.
    assertEquals("HTTP/1.1 200 OK",
        statusLine(fixture.raw(ServerFixture.post(GET_VERSION, basic("user", "secret")))));
    assertEquals("HTTP/1.1 200 OK", statusLine(fixture.raw(ServerFixture.post(GET_VERSION,
        "Origin: http://localhost", "Sec-Fetch-Site: same-origin", basic("user", "secret")))));
    assertEquals(2, fixture.api.calls.get());
  }

  @Test
  void authIsCheckedBeforeTheBodyIsRead() throws Exception {
    fixture = new ServerFixture("user", "secret");
    // Announces a body it never sends: a server that read first would wait for it.
    String response = fixture.raw("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n");
    assertEquals("HTTP/1.1 401 Unauthorized", statusLine(response));
  }

  @Test
  void shaPasswordsAreCompared() throws Exception {
    fixture = new ServerFixture("user", "{SHA}" + SupervisorctlCompatibilityTest.sha1Hex("pw").toUpperCase());
    assertEquals("HTTP/1.1 200 OK",
        statusLine(fixture.raw(ServerFixture.post(GET_VERSION, basic("user", "pw")))));
    assertEquals("HTTP/1.1 401 Unauthorized", statusLine(fixture.raw(ServerFixture.post(GET_VERSION,
        basic("user", "{SHA}" + SupervisorctlCompatibilityTest.sha1Hex("pw"))))));
  }
}
