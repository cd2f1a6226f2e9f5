package dev.jsupervisor.listeners.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.listeners.it.DaemonUnderTest.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: bin/supervisor-exporter as an event listener of the real supervisord 4.2.5 serves the
 * node_supervisord_* gauges from getAllProcessInfo and counts ten crash-restarts between two
 * scrapes as ten with the default buffer_size (no event lost); after its own restart the gauges
 * are back and the counters start again from zero.
 */
class ExporterUnderSupervisordTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String FLAPPY = "{name=\"flappy\",group=\"flappy\"}";

  private DaemonUnderTest daemon;

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void countsEveryRestartUnderSupervisordAndRebuildsGaugesAfterItsOwnRestart() throws Exception {
    daemon = DaemonUnderTest.prepare(Kind.SUPERVISORD);
    int port = LoopbackPorts.free();
    daemon.start(String.join("\n",
        "[program:web]",
        "command=sleep 1000",
        "startsecs=0",
        "[program:flappy]",
        "command=sh -c 'n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs; "
            + "[ $n -le 10 ] && exit 3; exec sleep 1000'",
        "directory=" + daemon.dir,
        "autostart=false",
        "startsecs=0",
        "autorestart=unexpected",
        daemon.exporterSection(port, "PROCESS_STATE,TICK_5")));
    String url = "http://127.0.0.1:" + port + "/metrics";
    String before = awaitPage(url, page -> page.contains(
        "node_supervisord_up{name=\"web\",group=\"web\"} 1"));
    assertEquals(0.0, value(before, "jsupervisor_process_restarts_total" + FLAPPY));
    assertEquals(0.0, value(before, "node_supervisord_up" + FLAPPY));
    // The listener is RUNNING (it serves), so supervisord sends it every event from here on.
    daemon.awaitProcesses("exporter running", PATIENCE, ps -> ps.stream().anyMatch(p ->
        p.name().equals("exporter") && p.state() == ProcessState.RUNNING));

    daemon.client().startProcess("flappy", false);
    daemon.awaitFile("ten crashes", daemon.dir.resolve("runs"), PATIENCE,
        runs -> runs.strip().equals("11"));
    daemon.awaitProcesses("flappy running", PATIENCE, ps -> ps.stream().anyMatch(p ->
        p.name().equals("flappy") && p.state() == ProcessState.RUNNING));
    String after = awaitPage(url, page -> value(page,
        "jsupervisor_process_transitions_total{name=\"flappy\",group=\"flappy\",from=\"STARTING\","
            + "to=\"RUNNING\"}") == 11.0);
    assertEquals(10.0, value(after, "jsupervisor_process_restarts_total" + FLAPPY), after);
    assertEquals(10.0, value(after, "jsupervisor_process_unexpected_exits_total" + FLAPPY));
    assertEquals(1.0, value(after, "node_supervisord_up" + FLAPPY));
    assertEquals(20.0, value(after, "node_supervisord_state" + FLAPPY));
    assertEquals(1.0, value(after,
        "jsupervisor_process_state{name=\"flappy\",group=\"flappy\",state=\"RUNNING\"}"));
    assertTrue(value(after, "jsupervisor_daemon_resident_memory_bytes") > 0, after);
    String mainLog = DaemonUnderTest.read(daemon.dir.resolve("supervisord.log"));
    assertFalse(mainLog.contains("overflowed"), mainLog);

    ProcessInfo exporter = daemon.processes().stream()
        .filter(p -> p.name().equals("exporter")).findFirst().orElseThrow();
    new ProcessBuilder("kill", "-KILL", String.valueOf(exporter.pid())).start().waitFor();
    daemon.awaitProcesses("exporter restarted", PATIENCE, ps -> ps.stream().anyMatch(p ->
        p.name().equals("exporter") && p.state() == ProcessState.RUNNING
            && p.pid() != exporter.pid()));
    String restarted = awaitPage(url, page -> page.contains("node_supervisord_up" + FLAPPY + " 1"));
    assertEquals(0.0, value(restarted, "jsupervisor_process_restarts_total" + FLAPPY));
    assertEquals(1.0, value(restarted, "node_supervisord_up{name=\"web\",group=\"web\"}"));
    List<ProcessInfo> now = daemon.processes();
    assertEquals(now.size(), restarted.lines()
        .filter(l -> l.startsWith("node_supervisord_state{")).count());
  }

  static String awaitPage(String url, java.util.function.Predicate<String> ready) {
    String[] last = {""};
    await("metrics page at " + url).atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
          last[0] = r.body();
          return r.statusCode() == 200 && ready.test(r.body());
        });
    return last[0];
  }

  /** The value of one series written as the exporter writes it (labels name, group, ...). */
  static double value(String page, String series) {
    return page.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
        .orElse(Double.NaN);
  }
}
