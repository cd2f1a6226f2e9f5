package dev.jsupervisor.listeners.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.listeners.fastreload.Main;
import dev.jsupervisor.testkit.FakeSupervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real fast-reload listener as a child process against the testkit's fake supervisord
 * and observes its pid table through what it signals. The fake answers getPID with this test
 * JVM's pid, so the only pids it may ever signal are {@code sleep} children this test spawns;
 * every other pid in the events is above the kernel's PID_MAX_LIMIT and cannot exist. The fake's
 * own processes stay STOPPED, so getAllProcessInfo never hands out a fake pid that might be real.
 */
class FastReloadOnTestkitTest {
  /** Above PID_MAX_LIMIT (2^22): no process can have these pids. */
  private static final int NO_SUCH_PID = (1 << 22) + 1000;
  private static final int SIGTERM_EXIT = 128 + 15;

  private static final String PROGRAMS = """
      [program:web]
      command=/bin/true
      autostart=false
      priority=100

      [program:worker]
      command=/bin/true
      autostart=false
      numprocs=2
      process_name=%(program_name)s_%(process_num)d
      priority=200

      [program:far]
      command=/bin/true
      autostart=false
      priority=300

      ; the group supervisord signals first itself; fast-reload leaves it alone
      [program:last]
      command=/bin/true
      autostart=false
      priority=900
      """;

  @TempDir Path dir;
  private ListenerUnderFake listener;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void close() {
    children.forEach(Process::destroyForcibly);
    if (listener != null) {
      listener.close();
    }
  }

  private FakeSupervisor start() throws IOException {
    listener = ListenerUnderFake.start(Main.class, dir, PROGRAMS);
    return listener.fake();
  }

  /** A real child of this JVM, which the fake presents as supervisord. */
  private Process child() throws IOException {
    Process p = new ProcessBuilder("sleep", "60").start();
    children.add(p);
    return p;
  }

  private static int pid(Process p) {
    return (int) p.pid();
  }

  private static long running(FakeSupervisor sup, String group, String name, int pid) {
    sup.emit(Event.processState(ProcessState.STARTING, name, group, ProcessState.STOPPED, 0,
        pid, false));
    return sup.emit(Event.processState(ProcessState.RUNNING, name, group,
        ProcessState.STARTING, 0, pid, false));
  }

  private static void exited(FakeSupervisor sup, String group, String name, int pid) {
    sup.emit(Event.processState(ProcessState.EXITED, name, group, ProcessState.RUNNING, 0, pid,
        false));
  }

  private static void assertKilledByTerm(Process p, String what) throws InterruptedException {
    assertTrue(p.waitFor(5, TimeUnit.SECONDS), what + " was not signalled");
    assertEquals(SIGTERM_EXIT, p.exitValue(), what + " did not die of SIGTERM");
  }

  @Test
  void signalsTiersFromThePidTableThroughCrashesRestartsAndNumprocs() throws Exception {
    FakeSupervisor sup = start();
    listener.awaitStderr("tracking 0 processes");
    Process webFirst = child();
    Process webAgain = child();
    Process worker0 = child();
    Process worker1 = child();
    Process neverAnnounced = child();

    running(sup, "web", "web", pid(webFirst));
    exited(sup, "web", "web", pid(webFirst));             // crash; webFirst itself lives on
    running(sup, "web", "web", pid(webAgain));            // autorestart, new pid
    running(sup, "worker", "worker_0", pid(worker0));
    running(sup, "worker", "worker_1", pid(worker1));
    running(sup, "far", "far", NO_SUCH_PID);              // must be refused, never signalled
    sup.awaitIdle();
    sup.assertNoViolation();

    sup.processes().supervisordStop();                    // SUPERVISOR_STATE_CHANGE_STOPPING
    String log = listener.awaitStderr("every tier has exited");
    assertKilledByTerm(worker0, "worker_0");
    assertKilledByTerm(worker1, "worker_1");
    assertKilledByTerm(webAgain, "web's restarted process");
    assertTrue(log.contains("3 processes in 2 tiers"), log);
    assertTrue(log.contains("tier 1/2 (priority 200): SIGTERM to worker:worker_0 (pid "
        + pid(worker0) + "), worker:worker_1 (pid " + pid(worker1) + ")"), log);
    assertTrue(log.contains("tier 2/2 (priority 100): SIGTERM to web (pid " + pid(webAgain) + ")"),
        log);
    assertTrue(webFirst.isAlive(), "signalled the pid of web's crashed process\n" + log);
    assertTrue(neverAnnounced.isAlive(), "signalled a pid it never saw RUNNING\n" + log);
    assertFalse(log.contains(String.valueOf(NO_SUCH_PID)), log);
    sup.awaitIdle();
    sup.assertNoViolation();
  }

  @Test
  void acksEverythingAndSignalsNothingWhenNoPidItSawExists() throws Exception {
    FakeSupervisor sup = start();
    List<Long> serials = new ArrayList<>();
    for (int round = 0; round < 3; round++) {             // a crash loop of nonexistent pids
      serials.add(running(sup, "web", "web", NO_SUCH_PID + round));
      serials.add(sup.emit(Event.processState(ProcessState.BACKOFF, "web", "web",
          ProcessState.STARTING, round + 1, 0, false)));
    }
    serials.add(sup.emit(Event.processState(ProcessState.FATAL, "web", "web",
        ProcessState.BACKOFF, 3, 0, false)));
    serials.add(running(sup, "worker", "worker_0", NO_SUCH_PID + 10));
    serials.add(running(sup, "worker", "worker_1", NO_SUCH_PID + 11));
    serials.add(sup.emit(Event.supervisorStateChange(SupervisorState.SHUTDOWN)));
    serials.forEach(sup::awaitAck);

    String log = listener.awaitStderr("supervisor is stopping; 0 processes in 0 tiers");
    long after = sup.emit(Event.processState(ProcessState.STOPPED, "worker_0", "worker",
        ProcessState.STOPPING, 0, 0, false));
    sup.awaitAck(after);                                   // still answering while stopping
    sup.awaitIdle();
    sup.assertNoViolation();
    assertFalse(log.contains("SIGTERM to"), log);
  }

  @Test
  void ownRestartRebuildsThePidTableFromGetAllProcessInfo() throws Exception {
    FakeSupervisor sup = start();
    Process seenBeforeRestart = child();
    Process seenAfterRestart = child();
    sup.awaitAck(running(sup, "web", "web", pid(seenBeforeRestart)));
    int infoCalls = sup.calls().of("getAllProcessInfo").size();
    assertEquals(1, infoCalls, "" + sup.calls().all());

    listener.restart();                                    // the daemon now reports web STOPPED
    assertEquals(infoCalls + 1, sup.calls().of("getAllProcessInfo").size(),
        "" + sup.calls().all());
    sup.calls().assertOrder("getAllProcessInfo", "getSupervisorVersion", "getPID",
        "getAllProcessInfo");
    listener.awaitStderr("tracking 0 processes");
    sup.awaitAck(running(sup, "worker", "worker_0", pid(seenAfterRestart)));

    sup.processes().supervisordStop();
    String log = listener.awaitStderr("every tier has exited");
    assertKilledByTerm(seenAfterRestart, "worker_0, seen by the new instance");
    assertTrue(log.contains("1 processes in 1 tiers"), log);
    assertTrue(seenBeforeRestart.isAlive(),
        "the new instance signalled a pid only its predecessor had seen\n" + log);
  }
}
