package dev.jsupervisor.core.process;

import dev.jsupervisor.core.util.LogLevel;

import static dev.jsupervisor.core.api.ProcessState.BACKOFF;
import static dev.jsupervisor.core.api.ProcessState.EXITED;
import static dev.jsupervisor.core.api.ProcessState.FATAL;
import static dev.jsupervisor.core.api.ProcessState.RUNNING;
import static dev.jsupervisor.core.api.ProcessState.STARTING;
import static dev.jsupervisor.core.api.ProcessState.STOPPED;
import static dev.jsupervisor.core.api.ProcessState.STOPPING;
import static dev.jsupervisor.core.api.ProcessState.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.util.FakeClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every transition of states.md §2 on a fake clock, with recorded side effects. */
final class SubprocessTest {
  private final FakeClock clock = new FakeClock();
  private final Recorder actions = new Recorder();

  /** Records what the state machine asked for; spawn outcomes are scripted. */
  static final class Recorder implements ProcessActions {
    final List<StateChange> changes = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<int[]> kills = new ArrayList<>();
    final Deque<Object> spawnOutcomes = new ArrayDeque<>();
    PosixException killError;
    int nextPid = 100;

    @Override
    public int spawn(Subprocess process) throws SpawnException {
      Object outcome = spawnOutcomes.poll();
      if (outcome instanceof SpawnException) {
        throw (SpawnException) outcome;
      }
      return nextPid++;
    }

    @Override
    public void spawnFailed() {
      log.add("spawnFailed");
    }

    @Override
    public void kill(int pid, int signal) throws PosixException {
      kills.add(new int[] {pid, signal});
      if (killError != null) {
        throw killError;
      }
    }

    @Override
    public void log(LogLevel level, String message) {
      log.add(level.tag() + " " + message);
    }

    @Override
    public void stateChanged(StateChange change) {
      changes.add(change);
    }

    List<String> path() {
      List<String> p = new ArrayList<>();
      for (StateChange c : changes) {
        p.add(c.from() + ">" + c.to());
      }
      return p;
    }

    StateChange last() {
      return changes.get(changes.size() - 1);
    }
  }

  private Subprocess process(Programs p) {
    return new Subprocess(p.build(), "grp", clock, actions);
  }

  private void advance(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  /** Advances the clock to the process's deadline and runs the transition, as the loop would. */
  private void fireDeadline(Subprocess s) {
    OptionalLong deadline = s.nextDeadline();
    assertTrue(deadline.isPresent(), "a deadline is armed in " + s.state());
    long wait = deadline.getAsLong() - clock.nanoTime();
    if (wait > 0) {
      clock.advance(Duration.ofNanos(wait));
    }
    s.transition();
  }

  @Test
  void autostartSpawnsOnceAndPromotesOnlyAfterMoreThanStartsecs() {
    Subprocess s = process(Programs.program("web"));
    assertEquals(OptionalLong.of(0), s.nextDeadline());
    s.transition();
    assertEquals(STARTING, s.state());
    assertEquals(100, s.pid());
    assertEquals("INFO spawned: 'web' with pid 100", actions.log.get(0));
    advance(1000);
    s.transition();
    assertEquals(STARTING, s.state(), "exactly startsecs is not enough");
    assertEquals(1_000_000_001L, s.nextDeadline().getAsLong());
    fireDeadline(s);
    assertEquals(RUNNING, s.state());
    assertEquals(
        "INFO success: web entered RUNNING state, process has stayed up for > than 1 seconds"
            + " (startsecs)",
        actions.log.get(actions.log.size() - 1));
    assertEquals(List.of("STOPPED>STARTING", "STARTING>RUNNING"), actions.path());
    assertEquals(100, actions.last().pid());
    assertTrue(s.nextDeadline().isEmpty());
  }

  @Test
  void startsecsZeroIsRunningOnTheNextTransition() {
    Programs p = Programs.program("z");
    p.startSecs = 0;
    Subprocess s = process(p);
    s.transition();
    assertEquals(STARTING, s.state());
    assertEquals(OptionalLong.of(clock.nanoTime()), s.nextDeadline());
    s.transition();
    assertEquals(RUNNING, s.state());
  }

  @Test
  void noAutostartStaysStoppedAndAutostartHappensOnlyOnce() {
    Programs p = Programs.program("manual");
    p.autostart = false;
    Subprocess s = process(p);
    assertTrue(s.nextDeadline().isEmpty());
    s.transition();
    assertEquals(STOPPED, s.state());

    Subprocess auto = process(Programs.program("auto"));
    auto.transition();
    advance(1500);
    auto.transition();
    auto.stop();
    auto.onExit(100, ExitStatus.killedBy(15, false));
    assertEquals(STOPPED, auto.state());
    assertTrue(auto.nextDeadline().isEmpty(), "autostart does not apply after a manual stop");
    auto.transition();
    assertEquals(STOPPED, auto.state());
  }

  @Test
  void earlyExitBacksOffWithGrowingDelaysThenGivesUp() {
    Programs p = Programs.program("flap");
    p.startRetries = 2;
    Subprocess s = process(p);
    s.transition();
    advance(200);
    s.onExit(100, ExitStatus.exited(0));
    assertEquals(BACKOFF, s.state());
    assertEquals("Exited too quickly (process log may have details)", s.spawnerr());
    assertEquals(0, s.exitStatus());
    assertTrue(actions.log.contains("WARN exited: flap (exit status 0; not expected)"));
    assertEquals(1, actions.last().tries());

    long enteredBackoff = clock.nanoTime();
    assertEquals(enteredBackoff + 1_000_000_001L, s.nextDeadline().getAsLong());
    advance(1000);
    s.transition();
    assertEquals(BACKOFF, s.state(), "retry only after more than 1 s");
    fireDeadline(s);
    assertEquals(STARTING, s.state());
    assertEquals(1, actions.last().tries(), "STARTING after BACKOFF carries the tries");

    s.onExit(101, ExitStatus.exited(1));
    assertEquals(2, actions.last().tries());
    long second = clock.nanoTime();
    assertEquals(second + 2_000_000_001L, s.nextDeadline().getAsLong(), "second delay is 2 s");
    fireDeadline(s);
    s.onExit(102, ExitStatus.exited(1));
    assertEquals(BACKOFF, s.state());
    assertEquals(3, s.backoff());
    assertEquals(OptionalLong.of(clock.nanoTime()), s.nextDeadline(), "gives up at once");
    s.transition();
    assertEquals(FATAL, s.state());
    assertEquals(
        "INFO gave up: flap entered FATAL state, too many start retries too quickly",
        actions.log.get(actions.log.size() - 1));
    assertEquals(3, actions.path().stream().filter("BACKOFF>STARTING"::equals).count() + 1);
    assertTrue(s.nextDeadline().isEmpty());
    assertEquals(0, s.backoff());
  }

  @Test
  void failedPreSpawnCheckGoesStraightToBackoffWithTheSpawnerr() {
    Subprocess s = process(Programs.program("missing"));
    actions.spawnOutcomes.add(
        new SpawnCheckException(Fault.NO_FILE, "can't find command 'nothere'"));
    s.transition();
    assertEquals(List.of("STOPPED>STARTING", "STARTING>BACKOFF"), actions.path());
    assertEquals("can't find command 'nothere'", s.spawnerr());
    assertEquals(0, s.pid());
    assertTrue(actions.log.contains("INFO spawnerr: can't find command 'nothere'"));
  }

  @Test
  void aFailedSpawnIsAnnouncedAfterItsSpawnerrAndBackoff() {
    Subprocess s = process(Programs.program("missing"));
    actions.spawnOutcomes.add(new SpawnException("no socket"));
    s.transition();
    // an fcgi-program gives its socket back here: after supervisord's spawnerr line
    assertEquals(List.of("INFO spawnerr: no socket", "spawnFailed"), actions.log);
    assertEquals(ProcessState.BACKOFF, s.state());
    actions.log.clear();
    s.transition(); // not yet due: no new spawn, nothing given back twice
    assertEquals(List.of(), actions.log);
  }

  @Test
  void exitFromRunningIsExitedWithExpectedFlagAndAutorestartUnexpected() {
    Subprocess s = process(Programs.program("job"));
    s.transition();
    advance(1500);
    s.transition();
    s.onExit(100, ExitStatus.exited(0));
    assertEquals(EXITED, s.state());
    assertTrue(actions.last().expected());
    assertEquals(100, actions.last().pid());
    assertEquals(0, s.pid());
    assertNull(s.spawnerr());
    assertTrue(actions.log.contains("INFO exited: job (exit status 0; expected)"));
    assertTrue(s.nextDeadline().isEmpty(), "expected exit is not restarted by 'unexpected'");

    s.spawn();
    advance(1500);
    s.transition();
    s.onExit(101, ExitStatus.exited(3));
    assertFalse(actions.last().expected());
    assertEquals("Bad exit code 3", s.spawnerr());
    assertEquals(3, s.exitStatus());
    assertTrue(actions.log.contains("WARN exited: job (exit status 3; not expected)"));
    assertEquals(OptionalLong.of(clock.nanoTime()), s.nextDeadline());
    s.transition();
    assertEquals(STARTING, s.state());
    assertEquals(0, actions.last().tries(), "the counter reset on RUNNING>EXITED");
  }

  @Test
  void autorestartTrueRestartsEvenExpectedExitsAndFalseNever() {
    Programs always = Programs.program("always");
    always.autoRestart = AutoRestart.TRUE;
    Subprocess a = process(always);
    a.transition();
    advance(2000);
    a.transition();
    a.onExit(100, ExitStatus.exited(0));
    a.transition();
    assertEquals(STARTING, a.state());

    Programs never = Programs.program("never");
    never.autoRestart = AutoRestart.FALSE;
    Subprocess n = process(never);
    n.transition();
    advance(2000);
    n.transition();
    n.onExit(n.pid(), ExitStatus.exited(9));
    n.transition();
    assertEquals(EXITED, n.state());
    assertTrue(n.nextDeadline().isEmpty());
  }

  @Test
  void signalDeathFromRunningHasExitstatusMinusOneAndIsUnexpected() {
    Programs p = Programs.program("sig");
    p.exitCodes = List.of(0, 2);
    Subprocess s = process(p);
    s.transition();
    advance(1100);
    s.transition();
    s.onExit(100, ExitStatus.killedBy(9, true));
    assertEquals(-1, s.exitStatus());
    assertFalse(actions.last().expected());
    assertTrue(
        actions.log.contains("WARN exited: sig (terminated by SIGKILL (core dumped); not expected)"));
  }

  @Test
  void exitAtExactlyStartsecsWhileStartingGoesThroughRunning() {
    Subprocess s = process(Programs.program("edge"));
    s.transition();
    advance(1000);
    s.onExit(100, ExitStatus.exited(0));
    assertEquals(List.of("STOPPED>STARTING", "STARTING>RUNNING", "RUNNING>EXITED"), actions.path());
  }

  @Test
  void startsecsZeroWithUnexpectedExitRestartsForeverWithoutBackoff() {
    Programs p = Programs.program("loop");
    p.startSecs = 0;
    Subprocess s = process(p);
    for (int i = 0; i < 6; i++) {
      s.transition();
      s.onExit(s.pid(), ExitStatus.exited(1));
      assertEquals(EXITED, s.state());
    }
    assertFalse(actions.path().contains("STARTING>BACKOFF"));
  }

  @Test
  void stopSendsStopSignalThenSigkillEveryStopwaitsecs() {
    Programs p = Programs.program("stubborn");
    p.stopWaitSecs = 3;
    Subprocess s = process(p);
    s.transition();
    advance(1500);
    s.transition();
    assertNull(s.stop());
    assertEquals(STOPPING, s.state());
    assertEquals(100, actions.kills.get(0)[0]);
    assertEquals(15, actions.kills.get(0)[1]);
    assertEquals(100, actions.last().pid());
    long stopAt = clock.nanoTime();
    assertEquals(OptionalLong.of(stopAt + 3_000_000_000L), s.nextDeadline());
    advance(2999);
    s.transition();
    assertEquals(1, actions.kills.size());
    fireDeadline(s);
    assertEquals(9, actions.kills.get(1)[1]);
    assertTrue(actions.log.contains("WARN killing 'stubborn' (100) with SIGKILL"));
    fireDeadline(s);
    assertEquals(3, actions.kills.size(), "SIGKILL repeated every stopwaitsecs");
    s.onExit(100, ExitStatus.killedBy(9, false));
    assertEquals(STOPPED, s.state());
    assertEquals(-1, s.exitStatus());
    assertEquals(100, actions.last().pid(), "STOPPED event carries the old pid");
    assertEquals(0, s.pid());
    assertTrue(actions.log.contains("WARN stopped: stubborn (terminated by SIGKILL)"));
  }

  @Test
  void stoppedWithExpectedStatusLogsInfo() {
    Subprocess s = process(Programs.program("nice"));
    s.transition();
    s.stop();
    assertEquals(List.of("STOPPED>STARTING", "STARTING>STOPPING"), actions.path());
    s.onExit(100, ExitStatus.exited(0));
    assertTrue(actions.log.contains("INFO stopped: nice (exit status 0)"));
  }

  @Test
  void stopasgroupSignalsTheGroupAndKillasgroupOnlyTheKill() {
    Programs both = Programs.program("both");
    both.stopAsGroup = true;
    both.killAsGroup = true;
    both.stopWaitSecs = 1;
    Subprocess s = process(both);
    s.transition();
    s.stop();
    fireDeadline(s);
    assertEquals(-100, actions.kills.get(0)[0]);
    assertEquals(-100, actions.kills.get(1)[0]);
    assertTrue(actions.log.contains("DEBG killing both (pid 100) process group with signal SIGTERM"));

    actions.kills.clear();
    Programs killOnly = Programs.program("killonly");
    killOnly.killAsGroup = true;
    killOnly.stopWaitSecs = 1;
    Subprocess k = process(killOnly);
    k.transition();
    k.stop();
    fireDeadline(k);
    assertEquals(k.pid(), actions.kills.get(0)[0]);
    assertEquals(-k.pid(), actions.kills.get(1)[0]);
  }

  @Test
  void esrchOnStopIsIgnoredAndOtherErrorsGoUnknown() {
    Subprocess s = process(Programs.program("gone"));
    s.transition();
    actions.killError = new PosixException("kill", Errno.ESRCH);
    assertNull(s.stop());
    assertEquals(STOPPING, s.state());
    assertEquals(1, actions.kills.size());
    assertTrue(actions.log.get(actions.log.size() - 1).contains("it probably just exited on its own"));
    actions.kills.clear();

    Subprocess u = process(Programs.program("denied"));
    u.transition();
    actions.killError = new PosixException("kill", Errno.EPERM);
    String err = u.stop();
    assertEquals(UNKNOWN, u.state());
    assertTrue(err.startsWith("unknown problem killing denied (101):"), err);
    assertTrue(err.contains("EPERM"), err);
    assertTrue(u.nextDeadline().isEmpty(), "no SIGKILL escalation from UNKNOWN");
  }

  @Test
  void groupSignalBeforeTheGroupExistsFallsBackToThePid() {
    Programs p = Programs.program("young");
    p.stopAsGroup = true;
    p.killAsGroup = true;
    Subprocess s = process(p);
    s.transition();
    actions.killError = new PosixException("kill", Errno.ESRCH);
    assertNull(s.stop());
    assertEquals(2, actions.kills.size());
    assertEquals(-100, actions.kills.get(0)[0]);
    assertEquals(100, actions.kills.get(1)[0]);
    assertEquals(STOPPING, s.state());
  }

  @Test
  void stopWhileBackoffIsStoppedWithPidZeroAndNoSignal() {
    Subprocess s = process(Programs.program("bo"));
    s.transition();
    s.onExit(100, ExitStatus.exited(1));
    assertEquals(BACKOFF, s.state());
    assertNull(s.stop());
    assertEquals(STOPPED, s.state());
    assertEquals(0, actions.last().pid());
    assertTrue(actions.kills.isEmpty());
  }

  @Test
  void giveUpDuringShutdownAndNoRestartsWhileTheDaemonStops() {
    Subprocess s = process(Programs.program("bo"));
    s.transition();
    s.onExit(100, ExitStatus.exited(1));
    s.setDaemonStopping(true);
    assertTrue(s.nextDeadline().isEmpty(), "no retry while stopping");
    advance(5000);
    s.transition();
    assertEquals(BACKOFF, s.state());
    s.giveUp();
    assertEquals(FATAL, s.state());
    assertEquals(List.of("STOPPED>STARTING", "STARTING>BACKOFF", "BACKOFF>FATAL"), actions.path());

    Programs always = Programs.program("always");
    always.autoRestart = AutoRestart.TRUE;
    Subprocess a = process(always);
    a.setDaemonStopping(true);
    a.transition();
    assertEquals(STOPPED, a.state(), "no autostart while stopping");
  }

  @Test
  void startOnStoppingProcessSpawnsNothing() {
    Subprocess s = process(Programs.program("st"));
    s.transition();
    s.stop();
    s.spawn();
    assertEquals(STOPPING, s.state());
    assertTrue(actions.log.contains("WARN process 'st' already running"));
  }

  @Test
  void startFromFatalAndExitedSpawnsAgainWithTriesZero() {
    Programs p = Programs.program("f");
    p.startRetries = 0;
    Subprocess s = process(p);
    s.transition();
    s.onExit(100, ExitStatus.exited(1));
    s.transition();
    assertEquals(FATAL, s.state());
    s.spawn();
    assertEquals(STARTING, s.state());
    assertEquals(0, actions.last().tries());
    assertNull(s.spawnerr());
  }

  @Test
  void signalKeepsStateAndUnknownOnUnexpectedError() {
    Subprocess s = process(Programs.program("sg"));
    assertEquals("attempted to send sg sig SIGHUP but it wasn't running", s.signal(1));
    s.transition();
    assertNull(s.signal(1));
    assertEquals(STARTING, s.state());
    actions.killError = new PosixException("kill", Errno.ESRCH);
    assertNull(s.signal(1));
    actions.killError = new PosixException("kill", Errno.EPERM);
    s.signal(1);
    assertEquals(UNKNOWN, s.state());
  }

  @Test
  void stopOfStoppedProcessReportsNotRunning() {
    Programs p = Programs.program("idle");
    p.autostart = false;
    Subprocess s = process(p);
    assertEquals("attempted to kill idle with sig SIGTERM but it wasn't running", s.stop());
    assertTrue(actions.changes.isEmpty());
  }

  @Test
  void stopReportIsThrottledToTwoSeconds() {
    Subprocess s = process(Programs.program("slow"));
    s.transition();
    s.stop();
    s.stopReport();
    advance(1000);
    s.stopReport();
    advance(1001);
    s.stopReport();
    assertEquals(
        2, actions.log.stream().filter("INFO waiting for slow to stop"::equals).count());
  }

  @Test
  void exitOfAStalePidIsIgnored() {
    Subprocess s = process(Programs.program("stale"));
    s.transition();
    s.onExit(4242, ExitStatus.exited(0));
    assertEquals(STARTING, s.state());
    assertEquals(100, s.pid());
  }

  @Test
  void noEventForSameStateAndEveryChangeIsReported() {
    Subprocess s = process(Programs.program("ev"));
    s.transition();
    s.transition();
    assertEquals(1, actions.changes.size());
  }

  @Test
  void infoCarriesTimesPidAndDescription() {
    Subprocess s = process(Programs.program("info"));
    ProcessInfo before = s.info("/l/out", null, ZoneOffset.UTC);
    assertEquals("Not started", before.description());
    assertEquals(0, before.start());
    s.transition();
    advance(5_000);
    s.transition();
    ProcessInfo running = s.info("/l/out", null, ZoneOffset.UTC);
    assertEquals(ProcessState.RUNNING, running.state());
    assertEquals("pid 100, uptime 0:00:05", running.description());
    assertEquals(1_700_000_000, running.start());
    assertEquals(1_700_000_005, running.now());
    assertEquals("", running.stderrLogfile());
    s.onExit(100, ExitStatus.exited(0));
    ProcessInfo exited = s.info("/l/out", "/l/err", ZoneOffset.UTC);
    assertEquals(1_700_000_005, exited.stop());
    // 1700000005 = 2023-11-14 22:13:25 UTC
    assertEquals("Nov 14 10:13 PM", exited.description());
  }
}
