package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.metrics.ExpositionSamples;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19: jsupervisord's {@code /metrics} against node_exporter 1.5's supervisord collector
 * pointed at the same daemon (over TCP and the UNIX socket), promtool's lint, the servers' Basic
 * auth, and restarts counted from events where a poller sees at most one.
 */
final class MetricsParityTest {
  static final String USER = "admin";
  static final String PASSWORD = "s3cret";
  static final String PROMTOOL = "/usr/bin/promtool";

  static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + """

      [inet_http_server]
      port=127.0.0.1:@PORT@
      username=admin
      password=s3cret

      [program:web]
      command=sleep 1000
      startsecs=0

      [program:idle]
      command=sleep 1000
      autostart=false

      [program:done]
      command=sh -c "exit 0"
      startsecs=0
      autorestart=false

      [program:broken]
      command=sh -c "exit 3"
      startsecs=1
      startretries=0

      [program:flappy]
      command=sh -c "n=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs; [ $n -le 10 ] && exit 3; exec sleep 1000"
      directory=@DIR@
      autostart=false
      startsecs=0
      autorestart=unexpected

      [program:worker]
      command=sleep 1000
      numprocs=2
      process_name=%(program_name)s_%(process_num)d
      startsecs=0

      [group:pool]
      programs=worker

      [eventlistener:deaf]
      command=sleep 1000
      events=PROCESS_STATE
      buffer_size=2

      [jsupervisor_metrics]
      port=127.0.0.1:@OPEN_PORT@
      """;

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> {});

  private LiveDaemon ours;
  private final int openPort = ServerSockets.freePort();

  @BeforeEach
  void start() throws Exception {
    ours = daemons.start(Kind.JSUPERVISORD,
        CONFIG.replace("@OPEN_PORT@", String.valueOf(openPort)));
    await("settled states").atMost(LiveDaemon.PATIENCE).until(() -> {
      String status = ours.ctl("status").stdout();
      return status.contains("broken                           FATAL")
          && status.contains("done                             EXITED")
          && status.lines().filter(l -> l.contains("RUNNING")).count() == 4;
    });
  }

  private String metricsUrl() {
    return ours.url() + "/metrics";
  }

  private String ourPage() throws Exception {
    return ScrapeTarget.page(metricsUrl(), USER, PASSWORD);
  }

  @Test
  void nodeExporterOverTcpAndUnixSocketAgreesOnEveryNodeSupervisordSeries() throws Exception {
    NodeExporter.assumeInstalled();
    try (NodeExporter tcp = NodeExporter.start(
            "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + ours.port + "/RPC2", ours.dir);
        NodeExporter unix = NodeExporter.start("unix://" + ours.dir.resolve("s.sock"), ours.dir)) {
      Map<String, Double> theirsTcp =
          ExpositionSamples.parse(ScrapeTarget.page(tcp.url(), null, null), "node_supervisord_");
      Map<String, Double> theirsUnix =
          ExpositionSamples.parse(ScrapeTarget.page(unix.url(), null, null), "node_supervisord_");
      Map<String, Double> mine = ExpositionSamples.parse(ourPage(), "node_supervisord_");
      // 8 processes x (up, state, exit_status) + start time for the 4 up ones.
      assertEquals(8 * 3 + 4, theirsTcp.size(), theirsTcp.toString());
      assertEquals(theirsTcp, mine);
      assertEquals(theirsUnix, mine);
      assertEquals(200.0, mine.get("node_supervisord_state{group=\"broken\",name=\"broken\"}"));
      assertEquals(1.0, mine.get("node_supervisord_up{group=\"pool\",name=\"worker_1\"}"));
    }
  }

  @Test
  void promtoolFindsNothingOnThePageBeyondWhatItFindsOnNodeExportersOwn() throws Exception {
    NodeExporter.assumeInstalled();
    assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "promtool is not installed");
    String startTimeFinding =
        "node_supervisord_start_time_seconds counter metrics should have \"_total\" suffix";
    try (NodeExporter tcp = NodeExporter.start(
        "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + ours.port + "/RPC2", ours.dir)) {
      Set<String> theirs = promtool(ScrapeTarget.page(tcp.url(), null, null));
      assertTrue(theirs.contains(startTimeFinding), theirs.toString());
    }
    assertEquals(Set.of(startTimeFinding), promtool(ourPage()));
    String openMetrics = ScrapeTarget.get(metricsUrl(), USER, PASSWORD,
        "application/openmetrics-text;version=1.0.0").body();
    assertTrue(openMetrics.endsWith("# EOF\n"), openMetrics);
  }

  private Set<String> promtool(String page) throws Exception {
    Path file = Files.createTempFile(ours.dir, "page", ".txt");
    Files.writeString(file, page);
    // promtool reads the page from stdin until EOF.
    LiveDaemon.Output out = ours.run(List.of("sh", "-c", PROMTOOL + " check metrics < " + file),
        null, Duration.ofSeconds(30), o -> false);
    Set<String> findings = new TreeSet<>();
    (out.stdout() + out.stderr()).lines().map(String::strip).filter(l -> !l.isEmpty())
        .forEach(findings::add);
    assertEquals(findings.isEmpty() ? 0 : 3, out.exitCode(), findings.toString());
    return findings;
  }

  @Test
  void aListenerThatNeverReadsShowsAFullBufferAndOverflows() throws Exception {
    // deaf never says READY: every state event since its start waits, and the oldest go.
    await("overflows").atMost(LiveDaemon.PATIENCE).until(() -> ExpositionSamples.parse(ourPage(),
        "jsupervisor_listener_pool_overflows_total").getOrDefault(
            "jsupervisor_listener_pool_overflows_total{pool=\"deaf\"}", 0.0) > 0);
    Map<String, Double> s = ExpositionSamples.parse(ourPage(), "jsupervisor_listener");
    assertEquals(2.0, s.get("jsupervisor_listener_pool_buffered_events{pool=\"deaf\"}"));
    assertEquals(2.0, s.get("jsupervisor_listener_pool_buffer_size{pool=\"deaf\"}"));
    assertEquals(0.0, s.get("jsupervisor_listener_pool_redeliveries_total{pool=\"deaf\"}"));
    assertEquals(1.0, s.get("jsupervisor_listener_state{listener=\"deaf\",pool=\"deaf\","
        + "state=\"ACKNOWLEDGED\"}"));
    assertEquals(0.0, s.get("jsupervisor_listener_state{listener=\"deaf\",pool=\"deaf\","
        + "state=\"READY\"}"));
  }

  @Test
  void theNoAuthLoopbackPortServesOnlyMetricsWithoutCredentials() throws Exception {
    String open = "http://127.0.0.1:" + openPort;
    HttpResponse<String> page = ScrapeTarget.get(open + "/metrics", null, null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("node_supervisord_up{name=\"web\",group=\"web\"} 1"),
        page.body());
    assertEquals(404, ScrapeTarget.get(open + "/RPC2", null, null, null).statusCode());
    assertEquals(404, ScrapeTarget.get(open + "/logtail/web", null, null, null).statusCode());
    // The same counters as the authenticated page: one tally per daemon.
    assertEquals(
        ExpositionSamples.parse(ourPage(), "jsupervisor_process_restarts_total"),
        ExpositionSamples.parse(page.body(), "jsupervisor_process_restarts_total"));
  }

  @Test
  void aScrapeNeedsTheServersCredentialsAndAnUnauthenticatedSocketNeedsNone() throws Exception {
    assertEquals(401, ScrapeTarget.get(metricsUrl(), null, null, null).statusCode());
    assertEquals(401, ScrapeTarget.get(metricsUrl(), USER, "wrong", null).statusCode());
    HttpResponse<String> ok = ScrapeTarget.get(metricsUrl(), USER, PASSWORD, null);
    assertEquals(200, ok.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        ok.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<String> om = ScrapeTarget.get(metricsUrl(), USER, PASSWORD,
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    assertTrue(om.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/openmetrics-text; version=1.0.0"), om.headers().toString());
    // The UNIX socket of this config has no username: as for /RPC2, no credentials needed.
    LiveDaemon.Output unix = ours.run(List.of("curl", "-s", "-w", "\n%{http_code}",
        "--unix-socket", ours.dir.resolve("s.sock").toString(), "http://localhost/metrics"),
        null, Duration.ofSeconds(30), o -> false);
    assertTrue(unix.stdout().endsWith("\n200"), unix.stdout());
    assertTrue(unix.stdout().contains("node_supervisord_up{name=\"web\",group=\"web\"} 1"),
        unix.stdout());
  }

  @Test
  void tenCrashesAndRestartsBetweenTwoScrapesCountAsTen() throws Exception {
    Map<String, Double> before = ExpositionSamples.parse(ourPage(), "");
    String flappy = "{group=\"flappy\",name=\"flappy\"}";
    assertEquals(0.0, before.get("jsupervisor_process_restarts_total" + flappy));
    ours.ctl("start", "flappy");
    await("ten crashes, then running").atMost(LiveDaemon.PATIENCE).until(() ->
        Files.exists(ours.dir.resolve("runs"))
            && Files.readString(ours.dir.resolve("runs")).strip().equals("11")
            && ours.ctl("status", "flappy").stdout().contains("RUNNING"));
    Map<String, Double> after = ExpositionSamples.parse(ourPage(), "");
    assertEquals(10.0, after.get("jsupervisor_process_restarts_total" + flappy));
    assertEquals(10.0, after.get("jsupervisor_process_unexpected_exits_total" + flappy));
    assertEquals(10.0, after.get("jsupervisor_process_transitions_total{from=\"RUNNING\","
        + "group=\"flappy\",name=\"flappy\",to=\"EXITED\"}"));
    // A poller sees one state per scrape: RUNNING now, as before the crashes began it saw STOPPED.
    assertEquals(1.0, after.get("node_supervisord_up" + flappy));
    assertEquals(0.0, before.get("node_supervisord_up" + flappy));
    assertFalse(after.containsKey("jsupervisor_process_restarts_total{group=\"gone\",name=\"gone\"}"));
    assertTrue(after.get("jsupervisor_process_resident_memory_bytes" + flappy) > 0);
    assertTrue(after.get("jsupervisor_process_state_seconds_total{group=\"flappy\","
        + "name=\"flappy\",state=\"RUNNING\"}") >= 0);
    assertTrue(after.get("jsupervisor_process_state_seconds_total{group=\"web\","
        + "name=\"web\",state=\"RUNNING\"}") > 0);
    assertTrue(after.get("jsupervisor_daemon_threads") > 0);
    assertEquals(0.0, after.get("jsupervisor_process_restarts_total{group=\"web\",name=\"web\"}"));
    // supervisorctl's status and start calls, counted by the XML-RPC endpoint.
    assertTrue(after.get("jsupervisor_rpc_requests_total{method=\"supervisor.getAllProcessInfo\","
        + "result=\"ok\"}") > 0, after.toString());
    assertTrue(after.get("jsupervisor_rpc_request_duration_seconds_count{method="
        + "\"supervisor.startProcess\"}") >= 1, after.toString());
  }
}
