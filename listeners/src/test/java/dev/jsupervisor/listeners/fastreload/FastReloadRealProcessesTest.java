package dev.jsupervisor.listeners.fastreload;

import static dev.jsupervisor.listeners.control.ConfigFixtures.program;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.GroupKind;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.control.FakeSupervisorCalls;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.RecordingLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fast-reload over the real /proc and kill(2), with this JVM playing the daemon. */
class FastReloadRealProcessesTest {
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }

  private Process spawn(String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    children.add(p);
    return p;
  }

  @Test
  void signalsRealTiersInOrderAndWholeGroupsForStopasgroup() throws Exception {
    FakeSupervisorCalls calls = new FakeSupervisorCalls();
    calls.daemonPid = (int) ProcessHandle.current().pid();
    GroupConfig empty = new GroupConfig("zz", GroupKind.PROGRAM, 999, List.of(), Set.of(), 0,
        null, "/etc/supervisord.conf");
    List<GroupConfig> config = List.of(
        program("low").priority(100).stopAsGroup(true).group(),
        program("a").priority(900).group(),
        program("b").priority(900).group(),
        empty);
    RecordingLog log = new RecordingLog();
    FastReload engine = new FastReload(new FastReload.Options(false, ProcessHandle.current().pid()),
        config, calls, new LinuxProcFs(), new JnaSignaller(), Clock.SYSTEM, log);
    engine.begin();

    Process low = spawn("setsid", "sh", "-c", "sleep 60 & wait");
    // a ignores SIGTERM (the disposition survives exec), so its tier stays up until killed.
    Process a = spawn("sh", "-c", "trap '' TERM; exec sleep 60");
    Process b = spawn("sleep", "60");
    await().atMost(Duration.ofSeconds(10)).until(() -> low.toHandle().children().count() == 1
        && a.info().command().orElse("").endsWith("sleep"));
    ProcessHandle grandchild = low.toHandle().children().findFirst().orElseThrow();
    running(engine, "low", low);
    running(engine, "a", a);
    running(engine, "b", b);
    assertEquals(3, engine.trackedProcesses().size());

    engine.onSupervisorStopping();
    await().atMost(Duration.ofSeconds(10)).until(() -> !b.isAlive());
    assertEquals(128 + 15, b.exitValue());
    for (int i = 0; i < 5; i++) {
      engine.onTick();
    }
    assertTrue(a.isAlive());
    assertTrue(low.isAlive(), "the lower tier waits until the upper one has exited");
    assertTrue(engine.keepAwakeNeeded());

    a.destroyForcibly();

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      engine.onTick();
      return !low.isAlive() && !grandchild.isAlive();
    });
    assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith(
        "tier 2/2 (priority 100): SIGTERM to group of low (pid " + low.pid())),
        log.lines().toString());
  }

  private static void running(FastReload engine, String name, Process p) {
    engine.onProcessState(new ProcessStateChange(name, name, ProcessState.RUNNING,
        ProcessState.STARTING, false, (int) p.pid()));
  }
}
