package dev.jsupervisor.listeners.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.listeners.it.DaemonUnderTest.Kind;
import dev.jsupervisor.listeners.it.RealPrometheus.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's fleet: a real Prometheus 2.42 on loopback scrapes two jsupervisords (their own
 * /metrics, with Basic auth) and one supervisord 4.2.5 (through the supervisor-exporter
 * listener), with the shipped alert rules; it sees every process of every host in the state its
 * daemon reports, and a program crash-looping into FATAL shows its transitions counted and
 * SupervisorProcessFatal firing.
 */
class PrometheusFleetTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String USER = "metrics";
  private static final String PASSWORD = "fleet-s3cret";

  private final List<DaemonUnderTest> daemons = new ArrayList<>();
  private RealPrometheus prometheus;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    for (DaemonUnderTest d : daemons) {
      d.close();
    }
  }

  private DaemonUnderTest jsupervisord(int port, String programs) throws Exception {
    DaemonUnderTest d = DaemonUnderTest.prepare(Kind.JSUPERVISORD);
    daemons.add(d);
    return d.start(String.join("\n",
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "username=" + USER,
        "password=" + PASSWORD,
        programs));
  }

  @Test
  void prometheusSeesEveryProcessOfThreeHostsAndTheFatalAlertFires() throws Exception {
    RealPrometheus.assumeInstalled();
    int portA = LoopbackPorts.free();
    int portB = LoopbackPorts.free();
    int portC = LoopbackPorts.free();
    DaemonUnderTest a = jsupervisord(portA, String.join("\n",
        "[program:web]", "command=sleep 1000", "startsecs=0",
        "[program:crash]", "command=sh -c 'exit 1'", "startsecs=1", "startretries=2",
        "autostart=false", ""));
    DaemonUnderTest b = jsupervisord(portB, String.join("\n",
        "[program:api]", "command=sleep 1000", "startsecs=0",
        "[program:batch]", "command=sleep 1000", "autostart=false",
        // A listener that never reads: its pool's buffer fills and overflows.
        "[eventlistener:deaf]", "command=sleep 1000", "events=PROCESS_STATE", "buffer_size=1",
        ""));
    DaemonUnderTest c = DaemonUnderTest.prepare(Kind.SUPERVISORD);
    daemons.add(c);
    c.start(String.join("\n",
        "[program:legacy]", "command=sleep 1000", "startsecs=0",
        c.exporterSection(portC, "PROCESS_STATE")));

    Path dir = a.dir;
    Files.writeString(dir.resolve("jsupervisord.yml"),
        "- targets: ['127.0.0.1:" + portA + "', '127.0.0.1:" + portB + "']\n");
    Files.writeString(dir.resolve("exporter.yml"), "- targets: ['127.0.0.1:" + portC + "']\n");
    Path rules = Path.of(System.getProperty("jsupervisor.root"), "examples", "prometheus",
        "rules", "supervisord.yml");
    prometheus = RealPrometheus.start(dir, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files: ['" + rules + "']",
        "scrape_configs:",
        "  - job_name: supervisord",
        "    basic_auth: {username: " + USER + ", password: " + PASSWORD + "}",
        "    file_sd_configs: [{files: ['" + dir.resolve("jsupervisord.yml") + "']}]",
        "  - job_name: supervisord-exporter",
        "    file_sd_configs: [{files: ['" + dir.resolve("exporter.yml") + "']}]",
        ""));

    Map<String, DaemonUnderTest> hosts = Map.of(
        "127.0.0.1:" + portA, a, "127.0.0.1:" + portB, b, "127.0.0.1:" + portC, c);
    awaitSameStates(hosts);
    assertEquals(3, prometheus.query("up == 1").size());

    a.client().startProcess("crash", false);
    a.awaitProcesses("crash FATAL", PATIENCE, ps -> ps.stream().anyMatch(p ->
        p.name().equals("crash") && p.state() == ProcessState.FATAL));
    String crash = "{instance=\"127.0.0.1:" + portA + "\",name=\"crash\"";
    await("FATAL alert firing").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> prometheus.alerts().stream().anyMatch(alert ->
            alert.value().equals("firing")
                && "SupervisorProcessFatal".equals(alert.labels().get("alertname"))
                && "crash".equals(alert.labels().get("name"))
                && ("127.0.0.1:" + portA).equals(alert.labels().get("instance"))));
    // startretries=2: three starts, each ending in BACKOFF, two restarts, then FATAL.
    assertEquals("3", single("jsupervisor_process_transitions_total" + crash
        + ",from=\"STARTING\",to=\"BACKOFF\"}"));
    assertEquals("1", single("jsupervisor_process_transitions_total" + crash
        + ",from=\"BACKOFF\",to=\"FATAL\"}"));
    assertEquals("2", single("jsupervisor_process_restarts_total" + crash + "}"));
    assertEquals("200", single("node_supervisord_state" + crash + "}"));
    awaitSameStates(hosts);
    dashboardQueriesRunAndReadServedMetrics();
  }

  /**
   * Every query of the shipped Grafana dashboard is valid PromQL for this Prometheus, and every
   * metric it reads is one the fleet serves.
   */
  private void dashboardQueriesRunAndReadServedMetrics() throws Exception {
    String json = Files.readString(Path.of(System.getProperty("jsupervisor.root"), "examples",
        "prometheus", "grafana-dashboard.json"));
    Matcher expr = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    Set<String> metrics = new TreeSet<>();
    int queries = 0;
    while (expr.find()) {
      String promql = expr.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
          .replace("$__rate_interval", "1m").replace("$instance", ".+");
      prometheus.query(promql);
      queries++;
      Matcher name = Pattern.compile("\\b(?:node_supervisord|jsupervisor)_\\w+").matcher(promql);
      while (name.find()) {
        metrics.add(name.group());
      }
    }
    assertTrue(queries >= 15, "queries found: " + queries);
    for (String metric : metrics) {
      assertFalse(prometheus.query("count({__name__=\"" + metric + "\"})").isEmpty(),
          "the dashboard reads " + metric + ", which no host serves");
    }
  }

  /** The one value of a query that must match one series. */
  private String single(String promql) throws Exception {
    List<Series> result = prometheus.query(promql);
    assertEquals(1, result.size(), promql + " -> " + result);
    return result.get(0).value();
  }

  /** Waits until Prometheus holds, for every host, each process with its daemon's state. */
  private void awaitSameStates(Map<String, DaemonUnderTest> hosts) {
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> seen = new TreeMap<>();
    try {
      await("every process of every host in Prometheus").atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> {
            expected.clear();
            hosts.forEach((instance, d) -> {
              for (ProcessInfo p : d.processes()) {
                expected.put(instance + "/" + p.group() + ":" + p.name(),
                    String.valueOf(p.state().code()));
              }
            });
            seen.clear();
            for (Series s : prometheus.query("node_supervisord_state")) {
              seen.put(s.labels().get("instance") + "/" + s.labels().get("group") + ":"
                  + s.labels().get("name"), s.value());
            }
            return expected.equals(seen);
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("expected " + expected + "\nseen " + seen, e);
    }
  }
}
