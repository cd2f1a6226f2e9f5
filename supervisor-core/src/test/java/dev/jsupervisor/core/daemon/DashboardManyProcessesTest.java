package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.web.live.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard with 500 processes behind Basic auth (slow: 500 children; {@code -Pslow}): the
 * page loads them all, stays live, and filtering is quick; the figures go to
 * {@code target/dashboard-500.txt}.
 */
@Tag("slow")
class DashboardManyProcessesTest {
  static final int PROCESSES = 500;

  @Test
  void fiveHundredProcessesBehindBasicAuth() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    HeadlessChromium.assumeInstalled();
    String config = LiveDaemon.CONFIG_HEADER + """

        [inet_http_server]
        port=127.0.0.1:@PORT@
        username=admin
        password=s3cret

        [program:app]
        command=/bin/sleep 1000
        process_name=app_%(process_num)03d
        numprocs=""" + PROCESSES + """

        startsecs=0
        """;
    try (LiveDaemon daemon = LiveDaemon.create(Kind.JSUPERVISORD)) {
      daemon.writeConfig(config);
      daemon.launch();
      try (HeadlessChromium browser = HeadlessChromium.start(1200, 900)) {
        var driver = browser.driver;
        long t0 = System.currentTimeMillis();
        // Credentials in the URL authenticate the navigation; the page's own requests reuse them.
        driver.get("http://admin:s3cret@127.0.0.1:" + daemon.port + "/");
        await().atMost(LiveDaemon.PATIENCE).until(() -> "live".equals(driver.executeScript(
            "var c = document.querySelector('.live-conn'); return c && c.getAttribute('data-conn');")));
        await().atMost(LiveDaemon.PATIENCE).pollInterval(Duration.ofMillis(20)).until(() ->
            Long.valueOf(PROCESSES).equals(driver.executeScript(
                "return document.querySelectorAll('tr[data-state=RUNNING]').length;")));
        long loaded = System.currentTimeMillis() - t0;
        WebElement filter = driver.findElement(By.cssSelector(".live-filter"));
        long f0 = System.currentTimeMillis();
        filter.sendKeys("app_42");
        long shown = (Long) driver.executeScript("return [].filter.call("
            + "document.querySelectorAll('tr[data-namespec]'), function (r) { return !r.hidden; }).length;");
        long filtered = System.currentTimeMillis() - f0;
        assertEquals(10L, shown, "app_420 to app_429");
        driver.executeScript("window.seen = null; new MutationObserver(function (m, o) {"
            + " window.seen = Date.now(); o.disconnect(); }).observe(arguments[0],"
            + " {attributes: true, attributeFilter: ['data-state']});",
            driver.findElement(By.cssSelector("tr[data-namespec='app:app_420']")));
        long s0 = System.currentTimeMillis();
        daemon.ctl("stop", "app:app_420");
        await().atMost(LiveDaemon.PATIENCE).until(() -> driver.executeScript("return window.seen;") != null);
        long stateShown = ((Number) driver.executeScript("return window.seen;")).longValue() - s0;
        String figures = "dashboard, " + PROCESSES + " processes behind Basic auth: page load to all"
            + " rows live " + loaded + " ms; typing a 6-character filter and reading the result "
            + filtered + " ms; supervisorctl stop (process start incl.) to row change " + stateShown + " ms";
        System.out.println(figures);
        Files.writeString(Path.of("target", "dashboard-500.txt"), figures + "\n");
      }
    }
  }
}
