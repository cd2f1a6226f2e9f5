package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.web.live.HeadlessChromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The live dashboard in headless Chromium against a real jsupervisord: the table, clicks, live
 * updates from supervisorctl, group restart, the in-page tail, cross-site refusals, hostile text,
 * reconnection after a daemon restart; it also measures state-change latency and page weight and
 * writes the README's screenshot. One daemon and one browser for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final String EVIL_NAME = "x\"onmouseover=\"window.pwned=1\"'<script>window.pwned=2<\\script>";
  static final String EVIL_OUTPUT = "<script>window.pwned=3</script>\"onmouseover=\"window.pwned=4\"<img src=x onerror=window.pwned=5>";
  /** State changes timed per run; -Ddashboard.bench.samples=50 for a fuller figure. */
  static final int SAMPLES = Integer.getInteger("dashboard.bench.samples", 6);

  static final String CONFIG = LiveDaemon.CONFIG_HEADER + LiveApiTest.SERVER_WORKER_AND_WEB_GROUP + """

      [program:talker]
      command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i from talker"; sleep 1; done'
      startsecs=0

      [program:broken]
      command=/nonexistent/program
      startretries=0

      [program:idle]
      command=/bin/sleep 1000
      autostart=false
      """ + "\n[program:" + EVIL_NAME + "]\ncommand=/bin/sh @DIR@/evil.sh\nstartsecs=0\n";

  private LiveDaemon daemon;
  private HeadlessChromium browser;
  private ChromeDriver driver;
  private HttpServer attacker;
  private final HttpClient http = HttpClient.newHttpClient();
  /** Resource timing entries of the first (cold) page load. */
  private List<Map<String, Object>> firstLoad = List.of();

  @BeforeAll
  void start() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    HeadlessChromium.assumeInstalled();
    daemon = LiveDaemon.create(Kind.JSUPERVISORD);
    Files.writeString(daemon.dir.resolve("evil.sh"),
        "printf '%s\\n' '" + EVIL_OUTPUT + "'\nexec sleep 1000\n");
    daemon.writeConfig(CONFIG);
    daemon.launch();
    browser = HeadlessChromium.start(1100, 900);
    driver = browser.driver;
    driver.get(daemon.url() + "/");
    awaitLive();
  }

  @AfterAll
  void stop() throws Exception {
    if (attacker != null) {
      attacker.stop(0);
    }
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (daemon != null) {
        daemon.close();
      }
    }
  }

  private void awaitLive() {
    await().atMost(LiveDaemon.PATIENCE).until(() -> "live".equals(js(
        "var c = document.querySelector('.live-conn'); return c && c.getAttribute('data-conn');")));
  }

  private Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  private String rowState(String namespec) {
    return (String) js("for (const r of document.querySelectorAll('tr[data-namespec]')) {"
        + " if (r.getAttribute('data-namespec') === arguments[0]) return r.getAttribute('data-state'); }"
        + " return null;", namespec);
  }

  private WebElement row(String namespec) {
    return (WebElement) js("for (const r of document.querySelectorAll('tr[data-namespec]')) {"
        + " if (r.getAttribute('data-namespec') === arguments[0]) return r; } return null;", namespec);
  }

  /** The state as the real supervisorctl reports it. */
  private String ctlState(String namespec) throws IOException {
    String out = daemon.ctl("status", namespec).stdout();
    String[] words = out.trim().split("\\s+");
    return words.length > 1 ? words[1] : out;
  }

  private String ctlPid(String namespec) throws IOException {
    return daemon.ctl("pid", namespec).stdout().trim();
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void tableShowsEveryProcessWithItsState() {
    await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(rowState("worker"))
        && "RUNNING".equals(rowState("web:web_b")) && "FATAL".equals(rowState("broken")));
    assertEquals(7L, js("return document.querySelectorAll('tr[data-namespec]').length;"));
    assertEquals("STOPPED", rowState("idle"));
    assertEquals("running", row("worker").findElement(By.cssSelector("span.statusrunning")).getText());
    assertTrue(row("worker").getText().matches("(?s).*pid \\d+, uptime .*rss [0-9.]+ [KM]iB.*restarts 0.*"),
        row("worker").getText());
    assertEquals(1L, js("return document.querySelectorAll('tr.group-row').length;"), "one group row: web");
    assertTrue(driver.findElement(By.cssSelector(".live-counts")).getText().contains("7 total"));
    firstLoad = (List<Map<String, Object>>) js(
        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            + ".map(function (e) { return {name: e.name, size: e.transferSize, body: e.decodedBodySize}; });");
  }

  @Test
  @Order(2)
  void aStateChangeMadeWithSupervisorctlAppearsWithoutReload() throws IOException {
    js("window.notReloaded = true;");
    daemon.ctl("stop", "worker");
    await().atMost(LiveDaemon.PATIENCE).until(() -> "STOPPED".equals(rowState("worker")));
    assertEquals(Boolean.TRUE, js("return window.notReloaded === true;"));
    daemon.ctl("start", "worker");
    await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(rowState("worker")));
    assertEquals(Boolean.TRUE, js("return window.notReloaded === true;"));
  }

  @Test
  @Order(3)
  void aClickOnStopStopsTheProcess() throws IOException {
    row("worker").findElement(By.cssSelector("button.act-stop")).click();
    await().atMost(LiveDaemon.PATIENCE).until(() -> "STOPPED".equals(rowState("worker")));
    assertEquals("STOPPED", ctlState("worker"));
    row("worker").findElement(By.cssSelector("button.act-start")).click();
    await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(ctlState("worker")));
  }

  @Test
  @Order(4)
  void aGroupRestartRestartsTheGroup() throws IOException {
    String a = ctlPid("web:web_a");
    String b = ctlPid("web:web_b");
    driver.findElement(By.cssSelector("tr.group-row button.group-restart")).click();
    await().atMost(LiveDaemon.PATIENCE).until(() -> !ctlPid("web:web_a").equals(a)
        && !ctlPid("web:web_b").equals(b) && "RUNNING".equals(ctlState("web:web_a"))
        && "RUNNING".equals(ctlState("web:web_b")));
    await().atMost(LiveDaemon.PATIENCE).until(() -> driver.findElement(By.cssSelector(".live-message"))
        .getText().equals("restart web:*: done"));
    await().atMost(LiveDaemon.PATIENCE).until(() -> row("web:web_a").getText().contains("restarts 1"));
  }

  @Test
  @Order(5)
  void theLiveTailShowsALineTheProgramWrites() {
    row("talker").findElement(By.cssSelector("button.act-log")).click();
    WebElement pre = driver.findElement(By.cssSelector(".live-log-text"));
    await().atMost(LiveDaemon.PATIENCE).until(() -> pre.getText().contains("from talker"));
    String first = pre.getText();
    int lastTick = lastTick(first);
    await().atMost(LiveDaemon.PATIENCE).until(() -> lastTick(pre.getText()) > lastTick);
  }

  private static int lastTick(String text) {
    int at = text.lastIndexOf("tick ");
    if (at < 0) {
      return -1;
    }
    String rest = text.substring(at + 5);
    return Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
  }

  @Test
  @Order(6)
  void hostileNamesAndOutputShowAsText() {
    await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(rowState(EVIL_NAME)));
    WebElement evil = row(EVIL_NAME);
    assertEquals(EVIL_NAME, evil.findElement(By.cssSelector("td:nth-child(4) a")).getText());
    evil.findElement(By.cssSelector("button.act-log")).click();
    WebElement pre = driver.findElement(By.cssSelector(".live-log-text"));
    await().atMost(LiveDaemon.PATIENCE).until(() -> pre.getText().contains(EVIL_OUTPUT));
    evil.findElement(By.cssSelector("td:nth-child(4) a"));
    new org.openqa.selenium.interactions.Actions(driver).moveToElement(evil).perform();
    assertEquals(0L, js("return document.querySelectorAll('[onmouseover], [onerror], img[src=x]').length;"));
    assertEquals(1L, js("return document.scripts.length;"), "only dashboard.js");
    assertEquals(Boolean.TRUE, js("return window.pwned === undefined;"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    driver.findElement(By.cssSelector(".live-log-close")).click();
  }

  @Test
  @Order(7)
  void crossSiteFormPostsAndGetActionsAreRefused() throws Exception {
    await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(ctlState("worker")));
    String target = daemon.url();
    String page = """
        <!DOCTYPE html><html><body>
        <form id="json" method="post" enctype="text/plain" action="%1$s/api/v1/actions" target="f1">
        <input name='{"action":"stop","names":["worker"],"x":"' value='"}'></form>
        <form id="legacy" method="post" action="%1$s/index.html" target="f2">
        <input name="action" value="stop"><input name="processname" value="worker"></form>
        <iframe name="f1"></iframe><iframe name="f2"></iframe>
        <img src="%1$s/index.html?action=stop&amp;processname=worker">
        <img src="%1$s/index.html?action=stopall">
        <script>document.getElementById('json').submit(); document.getElementById('legacy').submit();</script>
        </body></html>
        """.formatted(target);
    // The JDK server's bounds are JVM-wide and fixed by the first server: the metrics' own.
    dev.jsupervisor.core.metrics.MetricsHttpServer.boundJdkServerTimes();
    attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    attacker.createContext("/", exchange -> {
      served.add(exchange.getRequestURI().toString());
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    attacker.start();
    // "localhost" is another site than "127.0.0.1": the browser marks the requests cross-site.
    driver.get("http://localhost:" + attacker.getAddress().getPort() + "/");
    await().atMost(LiveDaemon.PATIENCE).until(() -> {
      String log = daemon.mainLog();
      return log.contains("refused POST /api/v1/actions") && countRefusals(log) >= 3;
    });
    assertFalse(served.isEmpty());
    assertEquals("RUNNING", ctlState("worker"), "no cross-site request stopped the process");
    assertEquals("RUNNING", ctlState("web:web_a"), "the cross-site stopall did nothing either");
    driver.get(daemon.url() + "/");
    awaitLive();
  }

  private static int countRefusals(String log) {
    int n = 0;
    for (String line : log.split("\n")) {
      if (line.contains("refused") || line.contains("cross-site")) {
        n++;
      }
    }
    return n;
  }

  @Test
  @Order(8)
  void measuresLatencyAndPageWeightAndTakesTheScreenshot() throws Exception {
    List<Long> latencies = new ArrayList<>();
    String state = "RUNNING";
    for (int i = 0; i < SAMPLES; i++) {
      js("window.seen = null; var r = arguments[0]; new MutationObserver(function (m, o) {"
          + " window.seen = Date.now(); o.disconnect(); }).observe(r, {attributes: true,"
          + " attributeFilter: ['data-state']});", row("idle"));
      long before = System.currentTimeMillis();
      xmlRpc(state.equals("RUNNING") ? "supervisor.startProcess" : "supervisor.stopProcess", "idle");
      await().atMost(LiveDaemon.PATIENCE).until(() -> js("return window.seen;") != null);
      latencies.add(((Number) js("return window.seen;")).longValue() - before);
      String want = state.equals("RUNNING") ? "RUNNING" : "STOPPED";
      await().atMost(LiveDaemon.PATIENCE).until(() -> want.equals(rowState("idle")));
      state = state.equals("RUNNING") ? "STOPPED" : "RUNNING";
    }
    Collections.sort(latencies);
    if ("RUNNING".equals(rowState("idle"))) {
      xmlRpc("supervisor.stopProcess", "idle");
    }
    List<Map<String, Object>> entries = firstLoad;
    long weight = 0;
    long decoded = 0;
    List<String> external = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      String name = (String) e.get("name");
      if (!name.startsWith(daemon.url() + "/")) {
        external.add(name);
      }
      if (!name.contains("/api/v1/")) {
        weight += ((Number) e.get("size")).longValue();
        decoded += ((Number) e.get("body")).longValue();
      }
    }
    assertEquals(List.of(), external, "no request leaves the daemon's origin");
    String figures = "dashboard: state change (XML-RPC call sent -> row updated in the page) ms over "
        + latencies.size() + " changes: median " + latencies.get(latencies.size() / 2) + ", min "
        + latencies.get(0) + ", max " + latencies.get(latencies.size() - 1)
        + "; first page load: " + weight + " bytes on the wire (document + assets, with headers; "
        + decoded + " bytes decoded), " + entries.size() + " requests (API included), 0 external";
    System.out.println(figures);
    Files.writeString(Path.of("target", "dashboard-bench.txt"), figures + "\n");

    // The README's picture: a few states, the group, the toolbar and a live tail.
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1250));
    row("talker").findElement(By.cssSelector("button.act-log")).click();
    await().atMost(LiveDaemon.PATIENCE).until(() ->
        driver.findElement(By.cssSelector(".live-log-text")).getText().contains("from talker"));
    row("web:web_b").findElement(By.cssSelector(".select-box")).click();
    row("worker").findElement(By.cssSelector(".select-box")).click();
    js("window.scrollTo(0, 0);");
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target", "dashboard.png"), png);
    // The README's copy is refreshed only on request, so a test run leaves the checkout clean:
    // mvn test -pl supervisor-core -Dtest=DashboardBrowserTest -Ddashboard.screenshot=docs
    Path docs = Path.of("..", "docs");
    if ("docs".equals(System.getProperty("dashboard.screenshot"))
        && Files.isDirectory(docs.resolve("..").resolve("supervisor-core"))) {
      Files.createDirectories(docs);
      Files.write(docs.resolve("dashboard.png"), png);
    }
    assertTrue(png.length > 10_000, "a real screenshot");
  }

  @Test
  @Order(9)
  void fitsAPhoneScreenAndWorksFromTheKeyboard() {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    await().atMost(LiveDaemon.PATIENCE).until(() -> (Boolean) js(
        "return document.documentElement.scrollWidth <= window.innerWidth;"));
    WebElement filter = driver.findElement(By.cssSelector(".live-filter"));
    js("window.notReloaded = true;");
    filter.sendKeys("web_" + org.openqa.selenium.Keys.ENTER);
    assertEquals(Boolean.TRUE, js("return window.notReloaded === true;"), "Enter does not submit the page's form");
    assertEquals(2L, js("return [].filter.call(document.querySelectorAll('tr[data-namespec]'),"
        + " function (r) { return !r.hidden; }).length;"));
    js("var f = document.querySelector('.live-filter'); f.value = '';"
        + " f.dispatchEvent(new Event('input'));");
    WebElement stopAll = driver.findElement(By.cssSelector("button.all-stop"));
    stopAll.sendKeys(org.openqa.selenium.Keys.ENTER);
    WebElement confirm = driver.findElement(By.cssSelector(".live-confirm"));
    assertTrue(confirm.isDisplayed(), "stop all asks first");
    assertEquals(driver.findElement(By.cssSelector(".confirm-yes")), driver.switchTo().activeElement());
    driver.findElement(By.cssSelector(".confirm-no")).sendKeys(org.openqa.selenium.Keys.ENTER);
    assertFalse(confirm.isDisplayed());
    assertEquals("RUNNING", rowState("worker"), "cancelled: nothing stopped");
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 900));
  }

  @Test
  @Order(10)
  void worksBehindAReverseProxyOnASubPath() throws Exception {
    HttpServer proxy = SubPathProxy.start("/sup", daemon.url());
    try {
      driver.get("http://127.0.0.1:" + proxy.getAddress().getPort() + "/sup/");
      awaitLive();
      await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(rowState("worker")));
      row("worker").findElement(By.cssSelector("button.act-stop")).click();
      await().atMost(LiveDaemon.PATIENCE).until(() -> "STOPPED".equals(ctlState("worker")));
      await().atMost(LiveDaemon.PATIENCE).until(() -> "STOPPED".equals(rowState("worker")));
      daemon.ctl("start", "worker");
      await().atMost(LiveDaemon.PATIENCE).until(() -> "RUNNING".equals(rowState("worker")));
      @SuppressWarnings("unchecked")
      List<String> urls = (List<String>) js("return performance.getEntriesByType('resource')"
          + ".map(function (e) { return e.name; });");
      assertTrue(urls.stream().allMatch(u -> u.contains("/sup/")), urls.toString());
    } finally {
      proxy.stop(0);
      driver.get(daemon.url() + "/");
      awaitLive();
    }
  }

  @Test
  @Order(11)
  void reconnectsAfterTheDaemonRestartsAndSaysWhenDisconnected() throws Exception {
    daemon.signal("TERM");
    daemon.awaitExit(LiveDaemon.PATIENCE);
    await().atMost(LiveDaemon.PATIENCE).until(() -> "down".equals(js(
        "return document.querySelector('.live-conn').getAttribute('data-conn');")));
    assertTrue(driver.findElement(By.cssSelector(".live-conn")).getText().startsWith("disconnected"));
    Files.move(daemon.dir.resolve("main.log"), daemon.dir.resolve("main.log.1"));
    daemon.launch();
    awaitLive();
    daemon.ctl("stop", "worker");
    await().atMost(LiveDaemon.PATIENCE).until(() -> "STOPPED".equals(rowState("worker")));
  }

  private void xmlRpc(String method, String name) throws Exception {
    String body = "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>"
        + "<param><value><string>" + name + "</string></value></param>"
        + "<param><value><boolean>0</boolean></value></param></params></methodCall>";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(daemon.url() + "/RPC2"))
        .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertNotEquals(-1, r.body().indexOf("<boolean>1</boolean>"), r.body());
  }
}
