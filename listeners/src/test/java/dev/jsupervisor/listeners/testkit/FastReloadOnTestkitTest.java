package dev.jsupervisor.listeners.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.listeners.fastreload.LinuxProcFs;
import dev.jsupervisor.listeners.fastreload.Main;
import dev.jsupervisor.listeners.fastreload.TierLogLines;
import dev.jsupervisor.testkit.FakeSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real fast-reload listener as a child process against the testkit's fake supervisord,
 * whose processes take their pids from real {@code sleep} helpers of this test JVM (the pid the
 * fake's getPID reports): the fake's own state machine (start, crash and autorestart, numprocs,
 * its tiered stop) drives the listener's pid table, and the listener signals real processes and
 * checks their real {@code /proc} start times. The fake never signals a helper, so a helper that
 * died of SIGTERM was signalled by the listener (or by this test, playing supervisord's own stop
 * of its first group).
 */
class FastReloadOnTestkitTest {
  /** Above PID_MAX_LIMIT (2^22): no process can have these pids. */
  private static final int NO_SUCH_PID = (1 << 22) + 1000;
  private static final int SIGTERM_EXIT = 128 + 15;
  private static final Duration STARTSECS = Duration.ofSeconds(1);
  /** Longer than any test: the fake's own stop stays on its first tier. */
  private static final Duration SLOW_STOP = Duration.ofMinutes(10);

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
  private final Helpers helpers = new Helpers();

  /** Real processes lent to the fake: every spawn gets a fresh {@code sleep} of this JVM. */
  private static final class Helpers implements LongSupplier {
    private final Map<Long, Process> byPid = new ConcurrentHashMap<>();

    @Override
    public long getAsLong() {
      return add(start()).pid();
    }

    Process add(Process p) {
      byPid.put(p.pid(), p);
      return p;
    }

    static Process start() {
      try {
        return new ProcessBuilder("sleep", "60").start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The helper behind the pid the fake reports for {@code name} now. */
    Process of(FakeSupervisor sup, String name) {
      Process p = byPid.get((long) sup.processes().info(name).pid());
      if (p == null) {
        throw new AssertionError(name + " has no helper process: " + sup.processes().info(name));
      }
      return p;
    }

    void killAll() {
      byPid.values().forEach(Process::destroyForcibly);
    }
  }

  @AfterEach
  void close() {
    helpers.killAll();
    if (listener != null) {
      listener.close();
    }
  }

  private FakeSupervisor start() throws IOException {
    listener = ListenerUnderFake.start(Main.class, dir, PROGRAMS, helpers);
    return listener.fake();
  }

  /** Starts the programs as supervisord would and lets startsecs pass on the fake's clock. */
  private static void startAndRun(FakeSupervisor sup, String... names) {
    for (String name : names) {
      sup.processes().start(name);
      sup.processes().slowStop(name, SLOW_STOP);
    }
    sup.advance(STARTSECS);
    for (String name : names) {
      assertEquals(ProcessState.RUNNING, sup.processes().state(name), name);
    }
  }

  private static void assertKilledByTerm(Process p, String what) throws InterruptedException {
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), what + " was not signalled");
    assertEquals(SIGTERM_EXIT, p.exitValue(), what + " did not die of SIGTERM");
  }

  /** Every pid the listener names as signalled, once per mention. */
  private static List<Long> signalledPids(String log) {
    List<Long> pids = new ArrayList<>();
    for (String line : log.lines().toList()) {
      TierLogLines.after(line, "SIGTERM to ").forEach(t -> pids.add((long) t.pid()));
    }
    return pids;
  }

  @Test
  void signalsRealTiersFromThePidTableThroughCrashesRestartsAndNumprocs() throws Exception {
    FakeSupervisor sup = start();
    listener.awaitStderr("tracking 0 processes");
    startAndRun(sup, "last", "far", "worker:worker_0", "worker:worker_1", "web");
    Process webFirst = helpers.of(sup, "web");
    Process far = helpers.of(sup, "far");
    Process last = helpers.of(sup, "last");

    sup.processes().crash("web", 1);                      // EXITED unexpectedly, autorestart
    sup.processes().slowStop("web", SLOW_STOP);
    sup.advance(STARTSECS);
    Process webAgain = helpers.of(sup, "web");
    assertNotEquals(webFirst.pid(), webAgain.pid());
    sup.processes().slowStop("far", Duration.ZERO);
    sup.processes().stop("far");                          // STOPPING, STOPPED; its helper lives on
    assertEquals(ProcessState.STOPPED, sup.processes().state("far"));
    Process worker0 = helpers.of(sup, "worker:worker_0");
    Process worker1 = helpers.of(sup, "worker:worker_1");
    Process neverAnnounced = helpers.add(Helpers.start());
    sup.awaitIdle();
    sup.assertNoViolation();

    sup.processes().supervisordStop();                    // STOPPING; the fake stops "last" first
    listener.awaitStderr("left to supervisord: last (pid " + last.pid() + ")");
    assertTrue(worker0.isAlive(), "the next tier waits until supervisord's own one has exited");
    last.destroy();                                       // supervisord's SIGTERM to "last"
    String log = listener.awaitStderr("every tier has exited");

    assertKilledByTerm(worker0, "worker_0");
    assertKilledByTerm(worker1, "worker_1");
    assertKilledByTerm(webAgain, "web's restarted process");
    assertTrue(log.contains("4 processes in 3 tiers"), log);
    assertTrue(log.contains("tier 2/3 (priority 200): SIGTERM to worker:worker_0 (pid "
        + worker0.pid() + "), worker:worker_1 (pid " + worker1.pid() + ")"), log);
    assertTrue(log.contains("tier 3/3 (priority 100): SIGTERM to web (pid " + webAgain.pid()
        + ")"), log);
    assertEquals(List.of(worker0.pid(), worker1.pid(), webAgain.pid()), signalledPids(log),
        "each pid signalled once, tier by tier\n" + log);
    assertTrue(webFirst.isAlive(), "signalled the pid of web's crashed process\n" + log);
    assertTrue(far.isAlive(), "signalled a process supervisord had stopped\n" + log);
    assertTrue(neverAnnounced.isAlive(), "signalled a pid it never saw RUNNING\n" + log);
    sup.awaitIdle();
    sup.assertNoViolation();
  }

  @Test
  void aPidNowHeldByAnotherProcessIsNotSignalled() throws Exception {
    FakeSupervisor sup = start();
    listener.awaitStderr("tracking 0 processes");
    startAndRun(sup, "worker:worker_0", "web");
    sup.awaitIdle();
    Process worker0 = helpers.of(sup, "worker:worker_0");
    Process original = helpers.of(sup, "web");
    long pid = original.pid();
    long originalStart = startTime(pid);

    // web's process dies and its pid goes to an unrelated process, and the listener is not told
    // (as when an event is lost): only the start time tells the two apart.
    original.destroyForcibly().waitFor();
    Process impostor = helpers.add(spawnWithPid(pid));
    assertNotEquals(originalStart, startTime(pid), "same start time: the guard cannot tell");

    sup.processes().supervisordStop();
    String log = listener.awaitStderr("every tier has exited");
    assertKilledByTerm(worker0, "worker_0");
    assertTrue(log.contains("tier 2/2 (priority 100): not signalled: web (pid " + pid
        + "): pid now belongs to another process"), log);
    assertTrue(impostor.isAlive(), "signalled the process that took web's pid\n" + log);
    assertEquals(List.of(worker0.pid()), signalledPids(log), log);
  }

  @Test
  void ownRestartRebuildsThePidTableFromGetAllProcessInfo() throws Exception {
    FakeSupervisor sup = start();
    startAndRun(sup, "web", "worker:worker_0");
    sup.awaitIdle();
    Process web = helpers.of(sup, "web");
    Process workerCrashed = helpers.of(sup, "worker:worker_0");
    assertEquals(1, sup.calls().of("getAllProcessInfo").size(), "" + sup.calls().all());

    listener.stop();                                      // the testkit's stopListener()
    sup.processes().crash("worker:worker_0", 1);          // meanwhile: EXITED, STARTING (new pid)
    sup.processes().slowStop("worker:worker_0", SLOW_STOP);
    listener.startNext();
    listener.awaitStderr("tracking 2 processes");         // web RUNNING, worker_0 STARTING
    assertEquals(2, sup.calls().of("getAllProcessInfo").size(), "" + sup.calls().all());
    sup.advance(STARTSECS);
    Process workerAgain = helpers.of(sup, "worker:worker_0");
    sup.awaitIdle();                                      // the events owed, then RUNNING

    sup.processes().supervisordStop();
    String log = listener.awaitStderr("every tier has exited");
    assertKilledByTerm(workerAgain, "worker_0's new process, announced across the restart");
    assertKilledByTerm(web, "web, known to the new instance only from getAllProcessInfo");
    assertTrue(log.contains("2 processes in 2 tiers"), log);
    assertTrue(workerCrashed.isAlive(), "signalled worker_0's crashed process\n" + log);
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

  private static long running(FakeSupervisor sup, String group, String name, int pid) {
    sup.emit(Event.processState(ProcessState.STARTING, name, group, ProcessState.STOPPED, 0,
        pid, false));
    return sup.emit(Event.processState(ProcessState.RUNNING, name, group,
        ProcessState.STARTING, 0, pid, false));
  }

  private static long startTime(long pid) {
    return new LinuxProcFs().stat((int) pid)
        .orElseThrow(() -> new AssertionError("no process " + pid)).startTime();
  }

  /**
   * A new helper with exactly this (free) pid, through the kernel's {@code ns_last_pid}; needs
   * root (CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE), else the test is skipped. Another process
   * forking at the same moment can take the pid first, hence the retries.
   */
  private static Process spawnWithPid(long pid) throws InterruptedException {
    Path lastPid = Path.of("/proc/sys/kernel/ns_last_pid");
    assumeTrue(Files.isWritable(lastPid), "choosing a pid needs root: " + lastPid);
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.writeString(lastPid, Long.toString(pid - 1));
      } catch (IOException e) {
        abort("cannot choose a pid: " + e);
      }
      Process p = Helpers.start();
      if (p.pid() == pid) {
        return p;
      }
      p.destroyForcibly().waitFor();
    }
    return abort("pid " + pid + " could not be had back in 50 tries");
  }
}
