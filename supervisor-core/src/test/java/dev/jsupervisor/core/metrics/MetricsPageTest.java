package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.core.events.PoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPageTest {
  private static final long SELF = ProcessHandle.current().pid();

  @TempDir Path proc;

  private static ProcessInfo info(String name, String group, ProcessState state, int start,
      int exit, int pid) {
    return new ProcessInfo(name, group, start, 0, 2000, state, "", exit, "", "", pid, "");
  }

  private void fixture(long pid, String stat, String status) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    if (stat != null) {
      Files.writeString(dir.resolve("stat"), stat);
    }
    Files.writeString(dir.resolve("status"), status);
  }

  private final List<ProcessInfo> processes = List.of(
      info("web", "g", ProcessState.RUNNING, 1000, 0, 4242),
      info("cron", "cron", ProcessState.FATAL, 900, 3, 0),
      info("stopping", "stopping", ProcessState.STOPPING, 800, 0, 4343),
      info("backoff", "backoff", ProcessState.BACKOFF, 700, 1, 0));

  @Test
  void nodeFamiliesFollowNodeExporterUpAndStartTimeOnlyWhileUp() {
    Map<String, Double> s = ExpositionSamples.parse(
        new MetricsPage(proc).render(ExpositionFormat.PROMETHEUS, processes, new EventTally(), SELF),
        "node_supervisord_");
    assertEquals(1.0, s.get("node_supervisord_up{group=\"g\",name=\"web\"}"));
    assertEquals(0.0, s.get("node_supervisord_up{group=\"cron\",name=\"cron\"}"));
    assertEquals(1.0, s.get("node_supervisord_up{group=\"stopping\",name=\"stopping\"}"));
    assertEquals(0.0, s.get("node_supervisord_up{group=\"backoff\",name=\"backoff\"}"));
    assertEquals(200.0, s.get("node_supervisord_state{group=\"cron\",name=\"cron\"}"));
    assertEquals(3.0, s.get("node_supervisord_exit_status{group=\"cron\",name=\"cron\"}"));
    assertEquals(1000.0, s.get("node_supervisord_start_time_seconds{group=\"g\",name=\"web\"}"));
    assertFalse(s.containsKey("node_supervisord_start_time_seconds{group=\"cron\",name=\"cron\"}"));
    assertEquals(4 * 3 + 2, s.size());
  }

  @Test
  void stateIsOneHotAndRestartsComeFromTheTally() {
    EventTally tally = new EventTally();
    for (int i = 0; i < 10; i++) {
      tally.onEvent(Event.processState(ProcessState.EXITED, "web", "g", ProcessState.RUNNING, 0,
          4242, false));
      tally.onEvent(Event.processState(ProcessState.STARTING, "web", "g", ProcessState.EXITED, 0,
          0, false));
    }
    tally.onEvent(Event.processState(ProcessState.STARTING, "web", "g", ProcessState.BACKOFF, 1,
        0, false));
    tally.onEvent(Event.processState(ProcessState.STARTING, "web", "g", ProcessState.STOPPED, 0,
        0, false));
    Map<String, Double> s = ExpositionSamples.parse(
        new MetricsPage(proc).render(ExpositionFormat.PROMETHEUS, processes, tally, SELF),
        "jsupervisor_");
    assertEquals(11.0, s.get("jsupervisor_process_restarts_total{group=\"g\",name=\"web\"}"));
    assertEquals(0.0, s.get("jsupervisor_process_restarts_total{group=\"cron\",name=\"cron\"}"));
    assertEquals(10.0, s.get("jsupervisor_process_unexpected_exits_total{group=\"g\",name=\"web\"}"));
    assertEquals(10.0, s.get("jsupervisor_process_transitions_total{from=\"RUNNING\","
        + "group=\"g\",name=\"web\",to=\"EXITED\"}"));
    assertEquals(1.0, s.get("jsupervisor_process_state{group=\"g\",name=\"web\",state=\"RUNNING\"}"));
    assertEquals(0.0, s.get("jsupervisor_process_state{group=\"g\",name=\"web\",state=\"FATAL\"}"));
    double hot = s.entrySet().stream()
        .filter(e -> e.getKey().startsWith("jsupervisor_process_state{"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertEquals(processes.size(), hot);
    assertEquals(21.0, s.get("jsupervisor_events_total{type=\"PROCESS_STATE_STARTING\"}") + 9);
  }

  @Test
  void resourcesComeFromProcAndGoneProcessesAreLeftOut() throws IOException {
    fixture(4242, "4242 (web) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 1 0 5 6 512 8\n",
        "VmRSS:\t2048 kB\n");
    fixture(SELF, null, "VmRSS:\t100000 kB\nThreads:\t31\n");
    Map<String, Double> s = ExpositionSamples.parse(
        new MetricsPage(proc).render(ExpositionFormat.PROMETHEUS, processes, new EventTally(), SELF),
        "jsupervisor_");
    assertEquals(2.0, s.get("jsupervisor_process_cpu_seconds_total{group=\"g\",name=\"web\"}"));
    assertEquals(2048.0 * 1024,
        s.get("jsupervisor_process_resident_memory_bytes{group=\"g\",name=\"web\"}"));
    // 4343 (STOPPING) has no /proc entry in the fixture: gone, so no sample.
    assertFalse(s.keySet().stream().anyMatch(k -> k.contains("stopping") && k.contains("cpu")));
    assertEquals(100000.0 * 1024, s.get("jsupervisor_daemon_resident_memory_bytes"));
    assertEquals(31.0, s.get("jsupervisor_daemon_threads"));
    assertTrue(s.get("jsupervisor_daemon_start_time_seconds") > 1.5e9);
  }

  @Test
  void poolsGiveBufferOverflowsRedeliveriesAndOneHotListenerStates() {
    PoolStats pool = new PoolStats("ev", 10, 3, 4, 5, List.of(
        new PoolStats.ListenerStat("ev_0", ListenerState.BUSY)));
    Map<String, Double> s = ExpositionSamples.parse(new MetricsPage(proc).render(
        ExpositionFormat.PROMETHEUS, processes, new EventTally(), null, List.of(pool), SELF),
        "jsupervisor_listener");
    assertEquals(3.0, s.get("jsupervisor_listener_pool_buffered_events{pool=\"ev\"}"));
    assertEquals(10.0, s.get("jsupervisor_listener_pool_buffer_size{pool=\"ev\"}"));
    assertEquals(4.0, s.get("jsupervisor_listener_pool_overflows_total{pool=\"ev\"}"));
    assertEquals(5.0, s.get("jsupervisor_listener_pool_redeliveries_total{pool=\"ev\"}"));
    assertEquals(1.0, s.get("jsupervisor_listener_state{listener=\"ev_0\",pool=\"ev\",state=\"BUSY\"}"));
    assertEquals(4 + ListenerState.values().length, s.size());
    // The exporter's page (no pools, no XML-RPC counts) has none of these families.
    String exporter = new MetricsPage(proc).render(ExpositionFormat.PROMETHEUS, processes,
        new EventTally(), SELF);
    assertFalse(exporter.contains("jsupervisor_listener"), exporter);
    assertFalse(exporter.contains("jsupervisor_rpc"), exporter);
  }

  @Test
  void anEmptyDaemonStillGivesAValidPage() {
    String page = new MetricsPage(proc).render(ExpositionFormat.OPENMETRICS, List.of(),
        new EventTally(), SELF);
    assertTrue(page.endsWith("# EOF\n"), page);
    assertTrue(page.contains("# TYPE node_supervisord_up gauge\n"), page);
  }
}
