package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18, part 1: on one config, supervisord 4.2.5's and jsupervisord's web pages agree: the
 * status table (parsed with jsoup: rows, states, classes, descriptions with pids and times
 * masked, name and action links), every action's message and resulting states (errors
 * included), tail.html's texts and ok.html; and the pages are behind the server's Basic auth.
 */
final class WebPagesParityTest {
  static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + WebClient.inetServerSection()
          + """

      [program:web]
      command=sh -c "echo hello from web; exec sleep 1000"
      startsecs=0

      [program:bad]
      command=/nonexistent/web-parity-command
      autostart=false

      [program:idle]
      command=sleep 1000
      autostart=false
      startsecs=0

      [program:nolog]
      command=sleep 1000
      autostart=false
      stdout_logfile=NONE

      [group:g]
      programs=a1,a2

      [program:a1]
      command=sleep 1000
      startsecs=0

      [program:a2]
      command=sleep 1000
      autostart=false
      startsecs=0
      """;

  /** Python's time.ctime(): {@code Mon Dec  7 03:03:45 2026}. */
  static final Pattern CTIME =
      Pattern.compile("[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
  static final Pattern UPTIME = Pattern.compile("pid \\d+, uptime \\d+:\\d\\d:\\d\\d");
  /** A stop time as the description shows it: {@code Dec 07 03:04 AM}. */
  static final Pattern STOP_TIME = Pattern.compile("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> {});

  @Test
  void statusTableActionsAndTailMatchSupervisord() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    WebClient oracle = new WebClient(pair.get(0));
    WebClient ours = new WebClient(pair.get(1));
    for (WebClient c : List.of(oracle, ours)) {
      await().atMost(LiveDaemon.PATIENCE).until(
          () -> states(table(c)).equals(List.of("STOPPED", "RUNNING", "STOPPED", "STOPPED",
              "STOPPED", "RUNNING")));
    }
    assertEquals(table(oracle), table(ours));

    // Each action: the same message (times masked), and afterwards the same table.
    String[][] steps = {
      {"action=refresh"},
      {"action=start&processname=nope"},
      {"action=start&processname=g%3A*"},
      {"action=stop&processname=g%3Aa2"},
      {"action=start&processname=g%3Aa2"},
      {"action=start&processname=g%3Aa2"},
      {"action=stop&processname=g%3Aa2"},
      {"action=start&processname=bad"},
      {"action=clearlog&processname=web"},
      {"action=clearlog&processname=nope"},
      {"action=restart&processname=web"},
      {"action=stopall"},
      {"action=restartall"},
      // Repeated and blank keys: the first non-blank value wins.
      {"action=stop&processname=idle&processname=web"},
      {"action=start&processname=&processname=idle&action=stop"},
    };
    for (String[] step : steps) {
      String query = step[0];
      HttpResponse<String> expected = oracle.get("/index.html?" + query);
      HttpResponse<String> actual = ours.get("/index.html?" + query);
      assertEquals(301, expected.statusCode(), query);
      assertEquals(303, actual.statusCode(), query + ": " + actual.body());
      assertTrue(actual.headers().firstValue("Location").orElseThrow().startsWith("./?message="),
          "relative redirect for " + query);
      String message = WebClient.redirectMessage(actual);
      assertEquals(maskTimes(WebClient.redirectMessage(expected)), maskTimes(message), query);
      assertEquals(table(oracle), table(ours), "table after " + query);
    }

    // The same actions as a form POST to "/".
    HttpResponse<String> expectedPost = oracle.post("/", "action=stop&processname=web");
    HttpResponse<String> actualPost = ours.post("/", "action=stop&processname=web");
    assertEquals(WebClient.redirectMessage(expectedPost), WebClient.redirectMessage(actualPost));
    assertEquals("Process web stopped", WebClient.redirectMessage(actualPost));
    assertEquals(table(oracle), table(ours), "table after the POST");
    // A body's pairs override the query string's.
    String overridden = "/index.html?action=start&processname=nope";
    String overriding = "processname=idle&action=stop";
    assertEquals(WebClient.redirectMessage(oracle.post(overridden, overriding)),
        WebClient.redirectMessage(ours.post(overridden, overriding)));
    // In a body the last of a repeated key wins.
    String lastWins = "processname=idle&action=stop&action=start";
    String expectedLast = WebClient.redirectMessage(oracle.post(overridden, lastWins));
    String actualLast = WebClient.redirectMessage(ours.post(overridden, lastWins));
    assertEquals(expectedLast, actualLast);
    assertEquals("Process idle started", actualLast);

    // A message shown on the page, escaped the same way.
    String shown = "/?message=" + "%3Cb%3Ehi%3C%2Fb%3E%20%26%20bye";
    assertEquals(message(oracle.get(shown)), message(ours.get(shown)));
    assertEquals("<b>hi</b> & bye", message(ours.get(shown)));

    for (String query : List.of(
        "processname=web", "processname=web&limit=2048", "processname=web&limit=abc",
        "processname=nope", "", "processname=", "processname=nolog", "processname=g%3Aa1")) {
      assertEquals(tail(oracle.get("/tail.html?" + query)), tail(ours.get("/tail.html?" + query)),
          "tail.html?" + query);
    }
    assertTrue(tail(ours.get("/tail.html?processname=nope")).contains(
        "ERROR: unexpected rpc fault [10] BAD_NAME: nope"));

    // The documented differences, shown against the oracle.
    HttpResponse<String> oracleRestart = oracle.get("/index.html?action=restart&processname=bad");
    HttpResponse<String> ourRestart = ours.get("/index.html?action=restart&processname=bad");
    assertEquals("Process bad restarted", WebClient.redirectMessage(oracleRestart));
    assertEquals("ERROR: Process bad: no such file", WebClient.redirectMessage(ourRestart));
    assertTrue(oracleRestart.headers().firstValue("Location").orElseThrow().startsWith("http://"));
    assertEquals(500, oracle.get("/index.html?action=bogus").statusCode());
    assertEquals(400, ours.get("/index.html?action=bogus").statusCode());
    assertEquals(500, oracle.get("/index.html?action=stop").statusCode());
    assertEquals(400, ours.get("/index.html?action=stop").statusCode());

    HttpResponse<String> ok = ours.get("/ok.html");
    assertEquals(oracle.get("/ok.html").body(), ok.body());
    assertEquals("OK", ok.body());
  }

  @Test
  void everyPathNeedsTheServersCredentials() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    for (String path : List.of("/", "/index.html?action=stopall", "/tail.html?processname=web",
        "/ok.html", "/stylesheets/supervisor.css", "/images/icon.png")) {
      for (LiveDaemon d : pair) {
        HttpResponse<String> r = new WebClient(d).send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url() + path)).build());
        assertEquals(401, r.statusCode(), d.kind + " " + path);
        assertEquals("Basic realm=\"default\"", r.headers().firstValue("WWW-Authenticate")
            .orElseThrow(), d.kind + " " + path);
      }
    }
    // Nothing was stopped by the unauthenticated stopall.
    assertTrue(states(table(new WebClient(pair.get(1)))).contains("RUNNING"));
    HttpResponse<String> css = new WebClient(pair.get(1)).get("/stylesheets/supervisor.css");
    assertEquals(200, css.statusCode());
    assertEquals("nosniff", css.headers().firstValue("X-Content-Type-Options").orElseThrow());
  }

  @Test
  void pagesAreServedOverTheUnixSocketToo() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    List<List<String>> answers = new ArrayList<>();
    for (LiveDaemon d : pair) {
      String ok = overUnixSocket(d, "/ok.html");
      assertTrue(ok.startsWith("HTTP/1.0 200") || ok.startsWith("HTTP/1.1 200"), ok);
      String status = overUnixSocket(d, "/");
      Document doc = Jsoup.parse(status.substring(status.indexOf("\r\n\r\n") + 4));
      List<String> names = new ArrayList<>();
      for (Element a : doc.select("table tbody tr td:eq(2) a")) {
        names.add(a.text() + " " + a.attr("href"));
      }
      answers.add(names);
      answers.add(List.of(ok.substring(ok.indexOf("\r\n\r\n") + 4)));
    }
    assertEquals(answers.get(0), answers.get(2));
    assertEquals(answers.get(1), answers.get(3));
    assertEquals(List.of("OK"), answers.get(3));
    assertEquals(6, answers.get(2).size(), answers.get(2).toString());
  }

  /** An HTTP/1.0 GET over the daemon's UNIX socket (no auth there): the whole answer. */
  static String overUnixSocket(LiveDaemon d, String path) throws Exception {
    try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
        java.net.UnixDomainSocketAddress.of(d.dir.resolve("s.sock")))) {
      channel.write(java.nio.ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      byte[] all = java.nio.channels.Channels.newInputStream(channel).readAllBytes();
      return new String(all, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The rows of the status table, each cell reduced to what a scraper reads. */
  static List<List<String>> table(WebClient client) throws Exception {
    HttpResponse<String> page = client.get("/");
    assertEquals(200, page.statusCode(), page.body());
    Document doc = Jsoup.parse(page.body());
    List<List<String>> rows = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    for (Element th : doc.select("table thead th")) {
      headings.add(th.className() + "=" + th.text());
    }
    rows.add(headings);
    for (Element tr : doc.select("table tbody tr")) {
      List<String> row = new ArrayList<>();
      row.add("tr class=" + tr.classNames());
      List<Element> cells = tr.children();
      row.add("cells=" + cells.size());
      Element state = cells.get(0).selectFirst("span");
      row.add("state=" + state.text() + " class=" + state.className());
      row.add("desc=" + maskTimes(cells.get(1).text()));
      Element name = cells.get(2).selectFirst("a");
      row.add("name=" + name.text() + " href=" + name.attr("href") + " target="
          + name.attr("target"));
      for (Element a : cells.get(3).select("ul > li > a")) {
        row.add("action class=" + a.className() + " href=" + a.attr("href") + " name="
            + a.attr("name") + " target=" + a.attr("target") + " text=" + a.text());
      }
      rows.add(row);
    }
    return rows;
  }

  /** Upper-case state names of the table's rows, in order. */
  static List<String> states(List<List<String>> table) {
    List<String> states = new ArrayList<>();
    for (List<String> row : table.subList(1, table.size())) {
      String cell = row.get(2);
      states.add(cell.substring("state=".length(), cell.indexOf(' ')).toUpperCase());
    }
    return states;
  }

  static String message(HttpResponse<String> page) {
    Element msg = Jsoup.parse(page.body()).selectFirst("div.status_msg");
    assertFalse(msg == null, "no status message in the page");
    return msg.text();
  }

  /** tail.html as a reader sees it: title, the pre's text, the Refresh link. */
  static List<String> tail(HttpResponse<String> page) {
    assertEquals(200, page.statusCode(), page.body());
    Document doc = Jsoup.parse(page.body());
    Element refresh = doc.selectFirst("a[href^=tail.html]");
    return List.of(doc.title(), doc.selectFirst("pre").wholeText(),
        refresh == null ? "(no refresh)" : refresh.attr("href"));
  }

  static String maskTimes(String text) {
    String masked = CTIME.matcher(text).replaceAll("<ctime>");
    masked = UPTIME.matcher(masked).replaceAll("pid <pid>, uptime <uptime>");
    return STOP_TIME.matcher(masked).replaceAll("<stopped at>");
  }
}
