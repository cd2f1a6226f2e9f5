package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18, part 1, security: hostile names, process output and parameters come out as text;
 * oversized and malformed requests get a clean 4xx; browser requests sent on another site's
 * behalf cannot run actions; every answer carries the security headers.
 */
final class WebPagesHostileInputTest {
  /** A legal process name (no space, colon or slash) that tries to break out of every context. */
  static final String EVIL_NAME = "x\"onmouseover=\"alert(1)\"'<script>alert(2)<\\script>&amp;";
  static final String EVIL_OUTPUT = "<script>alert(3)</script>\"onmouseover=\"alert(4)";

  static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + WebClient.inetServerSection()
          + "\n[program:" + EVIL_NAME + "]\n"
          + "command=sh @DIR@/evil.sh\n"
          + """
      startsecs=0

      [program:web]
      command=sleep 1000
      startsecs=0
      """;

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> Files.writeString(d.dir.resolve("evil.sh"),
      "printf '%s\\n' '" + EVIL_OUTPUT + "'\nexec sleep 1000\n"));

  @Test
  void hostileNamesOutputAndMessagesStayText() throws Exception {
    LiveDaemon daemon = daemons.start(Kind.JSUPERVISORD, CONFIG);
    WebClient web = new WebClient(daemon);
    await().atMost(LiveDaemon.PATIENCE).until(
        () -> WebPagesParityTest.states(WebPagesParityTest.table(web))
            .equals(List.of("RUNNING", "RUNNING")));

    Document status = page(web.get("/?message=" + enc("<img src=x onerror=alert(5)>")));
    assertNoInjectedMarkup(status);
    assertEquals("<img src=x onerror=alert(5)>", status.selectFirst("div.status_msg").text());
    Element row = status.select("tbody tr").stream()
        .filter(r -> !r.attr("data-name").equals("web")).findFirst().orElseThrow();
    assertEquals(EVIL_NAME, row.attr("data-name"));
    assertEquals(EVIL_NAME, row.attr("data-namespec"));
    Element nameLink = row.select("td").get(2).selectFirst("a");
    assertEquals(EVIL_NAME, nameLink.text());
    assertEquals("tail.html?processname=" + quote(EVIL_NAME), nameLink.attr("href"));

    await().atMost(LiveDaemon.PATIENCE).untilAsserted(() -> {
      Document tail = page(web.get("/tail.html?processname=" + enc(EVIL_NAME)));
      assertNoInjectedMarkup(tail);
      assertEquals(EVIL_OUTPUT + "\n", tail.selectFirst("pre").wholeText());
      assertEquals("Supervisor tail of process " + EVIL_NAME, tail.title());
    });

    // An action on the hostile name round-trips through the link and the redirect.
    HttpResponse<String> stop = web.get("/" + row.select("td.action a[name=Stop]").attr("href"));
    assertEquals(303, stop.statusCode());
    assertEquals("Process " + EVIL_NAME + " stopped", WebClient.redirectMessage(stop));
  }

  @Test
  void oversizedAndMalformedRequestsGetACleanClientError() throws Exception {
    LiveDaemon daemon = daemons.start(Kind.JSUPERVISORD, CONFIG);
    WebClient web = new WebClient(daemon);

    assertClientError(web.get("/?message=" + "A".repeat(20_000)), "oversized query string");
    assertClientError(raw(daemon, "POST / HTTP/1.1\r\nContent-Length: 100000"),
        "oversized form body");
    HttpResponse<String> unknown = web.get("/index.html?action=%3Cscript%3E");
    assertEquals(400, unknown.statusCode());
    assertEquals("text/plain;charset=utf-8", unknown.headers().firstValue("Content-Type").get());
    assertTrue(unknown.body().contains("unknown action: <script>"), unknown.body());
    assertEquals(400, web.get("/index.html?action=stop").statusCode(), "stop without a name");
    assertEquals(400, web.post("/", "action=bogus").statusCode());

    // Bad percent-encoding and bytes that are not UTF-8 are read as text, as Python does.
    assertEquals("%ZZ% \uFFFD(", rawPage(daemon, "GET /?message=%ZZ%25+%C3%28 HTTP/1.1")
        .selectFirst("div.status_msg").text());
    assertEquals("%ZZ%", page(web.post("/", "message=%ZZ%")).selectFirst("div.status_msg").text());
    Document tail = page(web.get("/tail.html?processname=%E2%28&limit=99999999999999999999"));
    assertEquals("ERROR: unexpected rpc fault [10] BAD_NAME: \uFFFD(",
        tail.selectFirst("pre").text());
    assertEquals("tail.html?processname=%EF%BF%BD%28&limit=1048576",
        tail.selectFirst("a[href^=tail.html]").attr("href"));

    // Raw requests a Java client would not send.
    assertClientError(raw(daemon, "GET /index.html%ZZ HTTP/1.1"), "bad percent-encoding in path");
    assertEquals("\uFFFD\uFFFD", rawPage(daemon, "GET /?message=\u00ff\u00fe HTTP/1.1")
        .selectFirst("div.status_msg").text(), "raw bytes in the query");
    assertClientError(raw(daemon, "PUT / HTTP/1.1"), "PUT");
    assertClientError(raw(daemon, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "20000\r\n" + "C".repeat(0x20000) + "\r\n0"), "oversized chunked body");
    assertTrue(daemon.isAlive());
    assertFalse(daemon.mainLog().contains("Exception"), daemon.mainLog());
  }

  @Test
  void crossSiteActionsAreRefusedAndLoggedOnce() throws Exception {
    LiveDaemon daemon = daemons.start(Kind.JSUPERVISORD, CONFIG);
    WebClient web = new WebClient(daemon);
    String host = "127.0.0.1:" + daemon.port;

    HttpResponse<String> crossSite = web.get("/index.html?action=stopall",
        "Sec-Fetch-Site", "cross-site");
    assertEquals(403, crossSite.statusCode());
    HttpResponse<String> otherOrigin = web.post("/index.html", "action=stop&processname=web",
        "Origin", "http://evil.example");
    assertEquals(403, otherOrigin.statusCode());
    assertEquals(403, web.post("/", "action=stopall", "Origin", "null").statusCode());
    assertEquals(List.of("RUNNING", "RUNNING"),
        WebPagesParityTest.states(WebPagesParityTest.table(web)), "nothing was stopped");

    String log = daemon.mainLog();
    assertEquals(3, count(log, "web: refused cross-site"), log);
    assertTrue(log.contains("Origin 'http://evil.example' is not Host '" + host + "'"), log);
    assertFalse(log.contains(WebClient.PASSWORD) || log.contains("Basic "), log);

    // The page's own requests, and requests with no browser marks (curl), are served.
    assertEquals(303, web.get("/index.html?action=refresh", "Sec-Fetch-Site", "same-origin",
        "Origin", "http://" + host).statusCode());
    assertEquals(303, web.post("/", "action=refresh", "Origin", "https://sup.example",
        "X-Forwarded-Host", "sup.example").statusCode(), "behind a reverse proxy");
    assertEquals(303, web.get("/index.html?action=refresh").statusCode());
    // Viewing is not an action: a cross-site link to the page still shows it.
    assertEquals(200, web.get("/", "Sec-Fetch-Site", "cross-site").statusCode());
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    LiveDaemon daemon = daemons.start(Kind.JSUPERVISORD, CONFIG);
    WebClient web = new WebClient(daemon);
    for (HttpResponse<String> r : List.of(
        web.get("/"), web.get("/index.html?action=refresh"), web.get("/tail.html"),
        web.get("/ok.html"), web.get("/stylesheets/supervisor.css"), web.get("/images/icon.png"),
        web.get("/index.html?action=bogus"),
        web.get("/index.html?action=stopall", "Sec-Fetch-Site", "cross-site"))) {
      String what = r.request().uri() + " " + r.statusCode();
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), what);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), what);
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), what);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), what);
      assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), what);
    }
    Document status = page(web.get("/"));
    assertTrue(status.select("script:not([src])").isEmpty(), "no inline script");
    assertNotNull(status.selectFirst("meta[name=viewport]"));
    for (Element e : status.select("[href], [src]")) {
      String url = e.hasAttr("href") ? e.attr("href") : e.attr("src");
      assertFalse(url.startsWith("/") || url.contains("//"), "relative URL: " + url);
    }
    HttpResponse<String> css = web.get("/stylesheets/supervisor.css");
    String etag = css.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, web.get("/stylesheets/supervisor.css", "If-None-Match", etag).statusCode());
  }

  private static Document page(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return Jsoup.parse(response.body());
  }

  /** No element, attribute or script that the page itself does not write. */
  private static void assertNoInjectedMarkup(Document doc) {
    assertTrue(doc.select("script:not([src=assets/dashboard.js])").isEmpty(), doc.html());
    assertTrue(doc.select("img:not([src=images/icon.png])").isEmpty(), doc.html());
    for (Element e : doc.getAllElements()) {
      assertFalse(e.hasAttr("onmouseover") || e.hasAttr("onerror"), e.outerHtml());
    }
  }

  private static void assertClientError(HttpResponse<String> response, String what) {
    assertClientError(response.statusCode() + " " + response.body(), what);
  }

  /** {@code statusAndBody} starts with the status code. */
  private static void assertClientError(String statusAndBody, String what) {
    int status = Integer.parseInt(statusAndBody.substring(0, 3));
    assertTrue(status >= 400 && status < 500, what + ": " + statusAndBody);
    assertFalse(statusAndBody.contains("Exception") || statusAndBody.contains("\tat "),
        what + ": " + statusAndBody);
  }

  /** Sends {@code requestLine} (and any headers/body after it) with credentials; the answer. */
  private static String raw(LiveDaemon daemon, String requestLine) throws Exception {
    int firstBreak = requestLine.indexOf("\r\n");
    String line = firstBreak < 0 ? requestLine : requestLine.substring(0, firstBreak);
    String rest = firstBreak < 0 ? "\r\n\r\n" : requestLine.substring(firstBreak) + "\r\n\r\n";
    String auth = Base64.getEncoder().encodeToString(
        (WebClient.USER + ":" + WebClient.PASSWORD).getBytes(StandardCharsets.UTF_8));
    String head = line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Basic "
        + auth + rest;
    try (Socket s = new Socket("127.0.0.1", daemon.port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(reply.startsWith("HTTP/1.1 "), reply);
      return reply.substring("HTTP/1.1 ".length());
    }
  }

  /** A raw request's 200 answer, parsed. */
  private static Document rawPage(LiveDaemon daemon, String requestLine) throws Exception {
    String reply = raw(daemon, requestLine);
    assertTrue(reply.startsWith("200 "), reply);
    byte[] body = reply.substring(reply.indexOf("\r\n\r\n") + 4)
        .getBytes(StandardCharsets.ISO_8859_1);
    return Jsoup.parse(new String(body, StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Python's quote(): spaces as %20, '/' kept. */
  private static String quote(String s) {
    return enc(s).replace("+", "%20").replace("%2F", "/").replace("*", "%2A");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
