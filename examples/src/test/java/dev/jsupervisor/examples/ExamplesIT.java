package dev.jsupervisor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every example, run with the command its README gives, reaches the states it promises. */
class ExamplesIT {
  private static final String JSUPERVISORD = Launchers.root().resolve("bin/jsupervisord").toString();
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @ParameterizedTest
  @ValueSource(strings = {"bin/jsupervisord", "/usr/bin/supervisord"})
  void quickstartStartsInitThenDbThenTheAppGroup(String daemon) throws Exception {
    String cmd = daemon.startsWith("/") ? daemon : Launchers.root().resolve(daemon).toString();
    try (ExampleDaemon d = ExampleDaemon.start(cmd, "quickstart/supervisord.conf")) {
      d.awaitStates(
          STARTUP,
          Map.of(
              "init", ProcessState.EXITED,
              "db", ProcessState.RUNNING,
              "clock", ProcessState.RUNNING,
              "app:web", ProcessState.RUNNING,
              "app:worker_00", ProcessState.RUNNING,
              "app:worker_01", ProcessState.RUNNING,
              "app:worker_02", ProcessState.RUNNING));
      assertTrue(d.logIndex("exited: init (exit status 0; expected)") < d.logIndex("spawned: 'db'"));
      assertTrue(d.logIndex("success: db entered RUNNING") < d.logIndex("spawned: 'web'"));
      assertTrue(d.logIndex("success: db entered RUNNING") < d.logIndex("spawned: 'worker_00'"));
    }
  }

  @Test
  void orderedStartupChainReleasesEachLinkAtItsState() throws Exception {
    try (ExampleDaemon d = ExampleDaemon.start(JSUPERVISORD, "ordered-startup/supervisord.conf")) {
      d.awaitStates(
          STARTUP,
          Map.of(
              "ping", ProcessState.EXITED,
              "sleep", ProcessState.RUNNING,
              "ping2", ProcessState.EXITED,
              "ping3", ProcessState.EXITED));
      // ping2 waits for sleep to have stayed up its startsecs (RUNNING), not just for its spawn.
      assertTrue(d.logIndex("exited: ping ") < d.logIndex("spawned: 'sleep'"));
      assertTrue(d.logIndex("success: sleep entered RUNNING") < d.logIndex("spawned: 'ping2'"));
      assertTrue(d.logIndex("exited: ping2 ") < d.logIndex("spawned: 'ping3'"));
    }
  }

  @Test
  void orderedStartupGraphWaitsForInitDbAndItsPort() throws Exception {
    try (ExampleDaemon d = ExampleDaemon.start(JSUPERVISORD, "ordered-startup/graph.conf")) {
      d.awaitAll(STARTUP, n -> n.startsWith("worker:"), ProcessState.RUNNING, 3);
      assertEquals(ProcessState.EXITED, state(d.infos(), "init"));
      assertEquals(ProcessState.RUNNING, state(d.infos(), "db"));
      assertTrue(d.logIndex("exited: init (exit status 0; expected)") < d.logIndex("spawned: 'db'"));
      assertTrue(d.logIndex("success: db entered RUNNING") < d.logIndex("spawned: 'worker_"));
    }
  }

  @Test
  void fastReloadExampleReloadsAllThirtyUnderNewPids() throws Exception {
    try (ExampleDaemon d = ExampleDaemon.start(JSUPERVISORD, "fast-reload/supervisord.conf")) {
      d.awaitAll(STARTUP, n -> n.startsWith("slow"), ProcessState.RUNNING, 30);
      Map<String, Integer> before = pids(d.infos());
      assertTrue(d.client().restart());
      org.awaitility.Awaitility.await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions() // SHUTDOWN_STATE while the reload stops everything
          .until(() -> allRunningWithNewPids(d.infos(), before));
      Map<String, Integer> after = pids(d.infos());
      assertEquals(before.keySet(), after.keySet(), "program names unchanged");
    }
  }

  @Test
  void numprocs32QuickCommandsStopAndStartTheGroup() throws Exception {
    try (ExampleDaemon d = ExampleDaemon.start(JSUPERVISORD, "numprocs32/supervisord.conf")) {
      d.awaitAll(STARTUP, n -> n.startsWith("app:"), ProcessState.RUNNING, 32);
      Path ctl = Launchers.root().resolve("bin/jsupervisorctl");
      Launchers.Result stop =
          Launchers.run(
              Launchers.root(), Map.of(), 60,
              List.of(ctl.toString(), "-c", "examples/numprocs32/supervisord.conf", "quickstop", "app:"));
      assertEquals(0, stop.exitCode(), stop.stdout() + stop.stderr());
      assertEquals(32, stop.stdout().lines().filter(l -> l.contains("stopped")).count(), stop.stdout());
      d.awaitAll(Duration.ofSeconds(10), n -> n.startsWith("app:"), ProcessState.STOPPED, 32);
      Launchers.Result start =
          Launchers.run(
              Launchers.root(), Map.of(), 60,
              List.of(ctl.toString(), "-c", "examples/numprocs32/supervisord.conf", "quickstart", "app:"));
      assertEquals(0, start.exitCode(), start.stdout() + start.stderr());
      d.awaitAll(Duration.ofSeconds(10), n -> n.startsWith("app:"), ProcessState.RUNNING, 32);
    }
  }

  @Test
  void systemdUnitsRunTheInstalledArchive(@TempDir Path opt) throws Exception {
    Path archive;
    try (Stream<Path> s = Files.list(Launchers.root().resolve("examples/target"))) {
      archive =
          s.filter(p -> p.getFileName().toString().matches("jsupervisor-.*\\.tar\\.gz"))
              .findFirst()
              .orElseThrow();
    }
    Launchers.Result untar =
        Launchers.run(opt, Map.of(), 60, List.of("tar", "xzf", archive.toString(), "--strip-components=1"));
    assertEquals(0, untar.exitCode(), untar.stderr());
    Launchers.Result version =
        Launchers.run(opt, Map.of(), 60, List.of(opt.resolve("bin/jsupervisord").toString(), "-v"));
    assertEquals(0, version.exitCode(), version.stderr());
    assertEquals("4.2.5\n", version.stdout());
    Launchers.Result help =
        Launchers.run(opt, Map.of(), 60, List.of(opt.resolve("bin/jsupervisorctl").toString(), "-h"));
    assertEquals(0, help.exitCode(), help.stderr());
    for (String unit : List.of("jsupervisord.service", "jsupervisord-forking.service")) {
      String text = Files.readString(Launchers.root().resolve("examples/systemd").resolve(unit));
      assertTrue(text.contains("ExecStart=/opt/jsupervisor/bin/jsupervisord "), unit);
      assertTrue(text.contains("ExecReload=/bin/kill -HUP $MAINPID"), unit);
    }
  }

  private static boolean allRunningWithNewPids(
      List<ProcessInfo> infos, Map<String, Integer> before) {
    List<ProcessInfo> slow = infos.stream().filter(i -> i.name().startsWith("slow")).toList();
    return slow.size() == before.size()
        && slow.stream()
            .allMatch(
                i -> i.state() == ProcessState.RUNNING
                    && i.pid() != 0
                    && !Integer.valueOf(i.pid()).equals(before.get(i.namespec())));
  }

  private static Map<String, Integer> pids(List<ProcessInfo> infos) {
    Map<String, Integer> m = new HashMap<>();
    for (ProcessInfo i : infos) {
      if (i.name().startsWith("slow")) {
        m.put(i.namespec(), i.pid());
      }
    }
    return m;
  }

  private static ProcessState state(List<ProcessInfo> infos, String namespec) {
    return infos.stream().filter(i -> i.namespec().equals(namespec)).findFirst().orElseThrow().state();
  }

  @Test
  void natsFleetDemoTailsBothHostsRollingRestart() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/nats-server"))
            || Files.isExecutable(Path.of("/usr/sbin/nats-server")),
        "nats-server is not installed");
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path out = Files.createTempFile("nats-fleet", ".out");
    ProcessBuilder pb = new ProcessBuilder("bash",
        Launchers.root().resolve("examples/nats-fleet/demo.sh").toString())
        .redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("FLEET_NATS_PORT", Integer.toString(port));
    Process demo = pb.start();
    try {
      List<ProcessHandle> family = new java.util.ArrayList<>();
      boolean done = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (!done && System.nanoTime() < deadline) {
        family.addAll(demo.descendants().toList());
        done = demo.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      String text = Files.readString(out);
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      assertTrue(done, "demo.sh did not finish:\n" + text);
      assertEquals(0, demo.exitValue(), text);
      List<String> tail = text.lines().filter(l -> l.contains(" web:web PROCESS_STATE_")).toList();
      for (String host : List.of("host-a", "host-b")) {
        List<String> states = tail.stream().filter(l -> l.contains(" " + host + " "))
            .map(l -> l.replaceAll(".* PROCESS_STATE_(\\w+) .*", "$1")).toList();
        assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED", "STARTING", "RUNNING"),
            states, host + " in:\n" + text);
      }
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }
}
