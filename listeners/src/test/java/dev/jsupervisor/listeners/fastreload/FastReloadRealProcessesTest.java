package dev.jsupervisor.listeners.fastreload;

import static dev.jsupervisor.listeners.control.ConfigFixtures.program;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.GroupKind;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.control.FakeSupervisorCalls;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.RecordingLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fast-reload over the real /proc and kill(2), with this JVM playing the daemon. */
class FastReloadRealProcessesTest {
  /** The group supervisord stops first itself (fast-reload leaves it alone): none here. */
  private static final GroupConfig EMPTY_TOP_GROUP = new GroupConfig("zz", GroupKind.PROGRAM,
      999, List.of(), Set.of(), 0, null, "/etc/supervisord.conf");
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
    List<GroupConfig> config = List.of(
        program("low").priority(100).stopAsGroup(true).group(),
        program("a").priority(900).group(),
        program("b").priority(900).group(),
        EMPTY_TOP_GROUP);
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
    assertFalse(engine.keepAwakeNeeded(), "b was reaped at once and a still runs: nothing to do");

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

  /**
   * A shell plays the daemon: it runs the program in the background and does not reap it until
   * told to (it blocks in {@code read}), so the program's exit leaves a real zombie.
   */
  @Test
  void wakesTheDaemonOnlyWhileAProcessItStoppedWaitsToBeReaped() throws Exception {
    Process daemon = spawn("sh", "-c", "sleep 60 & prog=$!; echo $prog;"
        + " sh -c \"trap '' TERM; exec sleep 60\" & echo $!;"
        + " read x; wait $prog; exec sleep 60");
    BufferedReader out = new BufferedReader(
        new InputStreamReader(daemon.getInputStream(), StandardCharsets.US_ASCII));
    int program = Integer.parseInt(out.readLine().trim());
    int other = Integer.parseInt(out.readLine().trim());
    ProcessHandle otherHandle = ProcessHandle.of(other).orElseThrow();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> otherHandle.info().command().orElse("").endsWith("sleep"));
    FakeSupervisorCalls calls = new FakeSupervisorCalls();
    calls.daemonPid = (int) daemon.pid();
    FastReload engine = new FastReload(new FastReload.Options(false, ProcessHandle.current().pid()),
        List.of(program("prog").priority(900).group(), program("other").priority(100).group(),
            EMPTY_TOP_GROUP),
        calls, new LinuxProcFs(), new JnaSignaller(), Clock.SYSTEM, new RecordingLog());
    engine.begin();
    for (String name : List.of("prog", "other")) {
      engine.onProcessState(new ProcessStateChange(name, name, ProcessState.RUNNING,
          ProcessState.STARTING, false, name.equals("prog") ? program : other));
    }
    assertEquals(2, engine.trackedProcesses().size());

    engine.onSupervisorStopping();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      engine.onTick();
      return engine.keepAwakeNeeded();
    });
    assertEquals('Z', new LinuxProcFs().stat(program).orElseThrow().state());
    assertFalse(engine.hurryNeeded(), "other's tier still runs");

    try (OutputStream in = daemon.getOutputStream()) {
      in.write('\n');                                   // the daemon reaps it now
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      engine.onTick();
      return !engine.keepAwakeNeeded();
    });
    assertTrue(new LinuxProcFs().stat(program).isEmpty());
    assertTrue(otherHandle.isAlive(), "other ignores SIGTERM and keeps its tier open");
  }
}
