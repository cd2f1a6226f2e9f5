package dev.jsupervisor.listeners.fastreload;

import static dev.jsupervisor.core.api.ProcessState.BACKOFF;
import static dev.jsupervisor.core.api.ProcessState.EXITED;
import static dev.jsupervisor.core.api.ProcessState.FATAL;
import static dev.jsupervisor.core.api.ProcessState.RUNNING;
import static dev.jsupervisor.core.api.ProcessState.STARTING;
import static dev.jsupervisor.core.api.ProcessState.STOPPED;
import static dev.jsupervisor.core.api.ProcessState.STOPPING;
import static dev.jsupervisor.listeners.control.ConfigFixtures.group;
import static dev.jsupervisor.listeners.control.ConfigFixtures.listenerPool;
import static dev.jsupervisor.listeners.control.ConfigFixtures.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.listeners.control.FakeSupervisorCalls;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.RecordingLog;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FastReloadTest {
  private static final int DAEMON = 1;
  private static final long OWN_PID = 9999;

  private final FakeSupervisorCalls calls = new FakeSupervisorCalls();
  private final FakeProcFs procFs = new FakeProcFs();
  private final FakeSignaller signaller = new FakeSignaller();
  private final FakeClock clock = new FakeClock();
  private final RecordingLog log = new RecordingLog();
  private FastReload engine;

  /** A process table the test edits: pid to stat. */
  static final class FakeProcFs implements ProcFs {
    final Map<Integer, ProcStat> stats = new HashMap<>();

    @Override
    public Optional<ProcStat> stat(int pid) {
      return Optional.ofNullable(stats.get(pid));
    }

    void spawn(int pid, long startTime) {
      stats.put(pid, new ProcStat(pid, 'S', DAEMON, pid, startTime));
    }

    void die(int pid) {
      ProcStat s = stats.get(pid);
      stats.put(pid, new ProcStat(pid, 'Z', s.ppid(), s.pgrp(), s.startTime()));
    }
  }

  /** Records every kill; answers with a set errno. */
  static final class FakeSignaller implements Signaller {
    final List<String> kills = new ArrayList<>();
    final Map<Integer, Integer> errnos = new HashMap<>();

    @Override
    public int kill(int pid, int signal) {
      kills.add(pid + "/" + signal);
      return errnos.getOrDefault(pid, 0);
    }
  }

  /** The daemon's JSUPERVISORD_VERSION as the listener would see it; null means supervisord. */
  private String jsupervisordVersion;

  private FastReload engine(boolean allAtOnce, GroupConfig... config) {
    calls.daemonPid = DAEMON;
    engine = new FastReload(new FastReload.Options(allAtOnce, OWN_PID, jsupervisordVersion), List.of(config), calls,
        procFs, signaller, clock, log);
    engine.begin();
    return engine;
  }

  /** db 100; cache, web (2 procs) 500; worker 900; a listener pool. */
  private FastReload standard(boolean allAtOnce) {
    return engine(allAtOnce,
        listenerPool("fastreload"),
        program("db").priority(100).group(),
        program("cache").priority(500).stopSignal(2).group(),
        program("web").priority(500).numprocs(2).group(),
        program("worker").priority(900).group());
  }

  private void running(String group, String name, int pid) {
    procFs.spawn(pid, 1000 + pid);
    engine.onProcessState(new ProcessStateChange(name, group, RUNNING, STARTING, false, pid));
  }

  private void event(String group, String name, ProcessState from, ProcessState to, int pid) {
    engine.onProcessState(new ProcessStateChange(name, group, to, from, false, pid));
  }

  private void startAll() {
    running("db", "db", 10);
    running("cache", "cache", 30);
    running("web", "web_00", 20);
    running("web", "web_01", 21);
    running("worker", "worker", 40);
  }

  @Test
  void stopsTiersInReversePriorityOrderEachWhenThePreviousHasExited() {
    standard(false);
    startAll();
    assertFalse(engine.keepAwakeNeeded());
    engine.onSupervisorStopping();
    assertTrue(signaller.kills.isEmpty(), "worker's group is the one supervisord stops itself");
    assertTrue(log.at("INFO").contains(
        "tier 1/3 (priority 900): left to supervisord: worker (pid 40)"),
        log.lines().toString());
    assertFalse(engine.keepAwakeNeeded(), "nothing to reap: supervisord is left alone");

    event("worker", "worker", RUNNING, STOPPING, 40);
    engine.onTick();
    assertTrue(signaller.kills.isEmpty());
    event("worker", "worker", STOPPING, STOPPED, 40);
    assertEquals(List.of("30/2", "20/15", "21/15"), signaller.kills);
    assertTrue(log.at("INFO").contains("tier 2/3 (priority 500): SIGINT to cache"
        + " (pid 30); SIGTERM to web:web_00 (pid 20), web:web_01 (pid 21)"));

    procFs.die(20);
    procFs.die(30);
    engine.onTick();
    assertEquals(3, signaller.kills.size(), "web_01 is still exiting");
    assertTrue(engine.keepAwakeNeeded(), "two exited processes wait for supervisord to reap them");
    assertFalse(engine.hurryNeeded(), "no hurry while a tier is still exiting");
    procFs.stats.remove(20);
    engine.onTick();
    assertTrue(engine.keepAwakeNeeded(), "cache is still unreaped");
    event("cache", "cache", RUNNING, EXITED, 30);
    assertFalse(engine.keepAwakeNeeded(), "supervisord reaped both");
    procFs.stats.remove(21);
    engine.onTick();
    assertEquals(List.of("30/2", "20/15", "21/15", "10/15"), signaller.kills);
    assertFalse(engine.keepAwakeNeeded(), "db is still exiting; nothing to reap");
    assertFalse(engine.hurryNeeded(), "no hurry while a tier is still exiting");

    assertFalse(engine.allTiersExited());
    event("db", "db", RUNNING, EXITED, 10);
    assertTrue(engine.allTiersExited());
    assertTrue(engine.keepAwakeNeeded(),
        "supervisord still drops one group per pass until it stops the listeners");
    assertTrue(engine.hurryNeeded(), "every pass now drops a group");
    assertTrue(log.at("INFO").contains(
        "every tier has exited; supervisord finishes the stop"));
    engine.onTick();
    engine.onSupervisorStopping();
    assertEquals(4, signaller.kills.size(), "no pid is signalled twice");
  }

  @Test
  void allAtOnceIgnoresPriorities() {
    standard(true);
    startAll();
    engine.onSupervisorStopping();
    assertEquals(List.of("30/2", "10/15", "20/15", "21/15"), signaller.kills);
    assertTrue(log.at("INFO").get(log.at("INFO").size() - 1).startsWith(
        "tier 1/1 (all at once): SIGINT to cache (pid 30); SIGTERM to db (pid 10),"
            + " web:web_00 (pid 20), web:web_01 (pid 21); left to supervisord: worker (pid 40)"));
  }

  @Test
  void stopAsGroupSignalsTheProcessGroupWithTheProgramsOwnSignal() {
    engine(false, program("app").priority(5).stopSignal(3).stopAsGroup(true).group(),
        program("last").priority(10).group());
    running("app", "app", 50);
    running("last", "last", 60);
    engine.onSupervisorStopping();
    procFs.stats.remove(60);
    engine.onTick();
    assertEquals(List.of("-50/3"), signaller.kills);
    assertTrue(log.at("INFO").contains(
        "tier 2/2 (priority 5): SIGQUIT to group of app (pid 50)"));
  }

  @Test
  void stopAsGroupFallsBackToThePidWhenItLeadsNoGroup() {
    engine(false, program("app").priority(5).stopAsGroup(true).group(),
        program("last").priority(10).group());
    running("app", "app", 50);
    procFs.stats.put(50, new ProcStat(50, 'S', DAEMON, 7, 1050));
    engine.onSupervisorStopping();
    assertEquals(List.of("50/15"), signaller.kills);
  }

  @Test
  void neverSignalsListenersItselfOrPidsItHasNotSeenLive() {
    GroupConfig hetero = group("g", 50, program("a"), program("b"));
    engine(false, listenerPool("fastreload"), hetero, program("zz").priority(60).group());
    running("fastreload", "fastreload", 70);
    procFs.spawn((int) OWN_PID, 5);
    running("g", "a", (int) OWN_PID);
    running("g", "b", 71);
    procFs.spawn(72, 5); // a live pid nobody reported
    procFs.spawn(73, 5);
    event("zz", "zz", RUNNING, STOPPING, 73); // only seen STOPPING: never signalled
    engine.onSupervisorStopping();
    assertEquals(List.of("g:b"),
        engine.trackedProcesses().stream().filter(e -> !e.stoppingByDaemon())
            .map(PidEntry::namespec).toList());
    assertEquals(List.of(), signaller.kills, "zz's tier comes first and is supervisord's");
    event("zz", "zz", STOPPING, STOPPED, 73);
    assertEquals(List.of("71/15"), signaller.kills);
  }

  @Test
  void reusedPidIsNotSignalled() {
    standard(false);
    running("db", "db", 10);
    running("worker", "worker", 40);
    procFs.stats.put(10, new ProcStat(10, 'S', DAEMON, 10, 777)); // db died, pid reused
    engine.onSupervisorStopping();
    event("worker", "worker", RUNNING, EXITED, 40);
    assertTrue(signaller.kills.isEmpty(), signaller.kills.toString());
    assertTrue(log.at("INFO").contains("tier 2/2 (priority 100): not signalled:"
        + " db (pid 10): pid now belongs to another process"), log.lines().toString());
    assertTrue(engine.allTiersExited());
  }

  @Test
  void pidOfAProcessThatIsNotTheDaemonsChildIsNotTracked() {
    standard(false);
    procFs.stats.put(10, new ProcStat(10, 'S', 4242, 10, 5));
    engine.onProcessState(new ProcessStateChange("db", "db", RUNNING, STARTING, false, 10));
    assertTrue(engine.trackedProcesses().isEmpty());
    assertEquals(List.of("pid 10 of db:db is not a child of supervisord (pid 1);"
        + " not tracked"), log.at("WARN"));
  }

  @Test
  void pidTableFollowsCrashesRestartsNumprocsAndGroupRemoval() {
    standard(false);
    running("web", "web_00", 20);
    running("web", "web_01", 21);
    running("db", "db", 10);
    event("db", "db", RUNNING, EXITED, 10);
    procFs.spawn(11, 2000);
    calls.info("db", "db", STARTING, 11, 1, 0);
    event("db", "db", EXITED, STARTING, 0);
    assertEquals(11, pidOf("db:db"), "STARTING pid looked up with getProcessInfo");
    event("db", "db", STARTING, BACKOFF, 0);
    assertEquals(-1, pidOf("db:db"));
    event("db", "db", BACKOFF, FATAL, 0);
    event("web", "web_00", RUNNING, EXITED, 20);
    running("web", "web_00", 22);
    assertEquals(22, pidOf("web:web_00"));
    assertEquals(21, pidOf("web:web_01"));
    assertTrue(engine.knowsGroup("web"));
    engine.onGroupRemoved("web");
    assertTrue(engine.trackedProcesses().isEmpty());
    assertFalse(engine.knowsGroup("web"), "a group added again must have its settings re-read");
    assertTrue(engine.knowsGroup("db"));
  }

  private int pidOf(String namespec) {
    return engine.trackedProcesses().stream().filter(e -> e.namespec().equals(namespec))
        .mapToInt(PidEntry::pid).findFirst().orElse(-1);
  }

  @Test
  void ownRestartRebuildsTheTableFromProcessInfos() {
    calls.info("db", "db", RUNNING, 10, 1, 0);
    calls.info("web", "web_00", STARTING, 20, 1, 0);
    calls.info("web", "web_01", BACKOFF, 0, 1, 0);
    calls.info("cache", "cache", STOPPED, 0, 0, 0);
    calls.info("worker", "worker", FATAL, 0, 1, 0);
    calls.info("fastreload", "fastreload", RUNNING, (int) OWN_PID, 1, 0);
    procFs.spawn(10, 1);
    procFs.spawn(20, 2);
    procFs.spawn((int) OWN_PID, 3);
    standard(false);
    assertEquals(List.of("db:db", "web:web_00"),
        engine.trackedProcesses().stream().map(PidEntry::namespec).toList());
    assertTrue(log.at("INFO").contains(
        "supervisord 4.2.5 (pid 1): tracking 2 processes"));
  }

  @Test
  void unreachableDaemonAtStartIsRetriedOnTick() {
    calls.allInfoFailure = new UncheckedIOException(new ConnectException("refused"));
    calls.info("db", "db", RUNNING, 10, 1, 0);
    procFs.spawn(10, 1);
    standard(false);
    assertTrue(engine.trackedProcesses().isEmpty());
    engine.onTick();
    assertEquals(1, calls.allInfoCalls);
    clock.advance(FastReload.RETRY_INTERVAL);
    engine.onTick();
    assertEquals(1, engine.trackedProcesses().size());
  }

  @Test
  void staysPassiveUnderJsupervisord() {
    jsupervisordVersion = "0.1.0";
    standard(false);
    running("db", "db", 10);
    engine.onSupervisorStopping();
    assertTrue(signaller.kills.isEmpty());
    assertFalse(engine.keepAwakeNeeded());
    assertTrue(engine.trackedProcesses().isEmpty());
  }

  @Test
  void processesSupervisordAlreadyStopsAreLeftToIt() {
    standard(false);
    startAll();
    event("cache", "cache", RUNNING, STOPPING, 30); // e.g. an operator's stop
    event("worker", "worker", RUNNING, STOPPED, 40);
    engine.onSupervisorStopping();
    assertEquals(List.of("20/15", "21/15"), signaller.kills);
  }

  @Test
  void groupAddedLaterIsStoppedFirstBySupervisordWhenItSharesTheTopPriority() {
    engine(false, program("a").priority(900).group(), program("b").priority(900).group());
    engine.updateConfig(List.of(program("a").priority(900).group(),
        program("b").priority(900).group(), program("added").priority(900).group()));
    engine.onGroupAdded("added");
    running("a", "a", 1);
    running("added", "added", 3);
    running("b", "b", 2);
    engine.onSupervisorStopping();
    assertEquals(List.of("1/15", "2/15"), signaller.kills);
  }

  @Test
  void vanishedPidsCountAsExitedAndFailedKillsAreReported() {
    engine(false, program("a").priority(1).group(), program("b").priority(1).group(),
        program("c").priority(1).group(), program("z").priority(2).group());
    running("a", "a", 1);
    running("b", "b", 2);
    running("c", "c", 3);
    running("z", "z", 9);
    signaller.errnos.put(1, Signaller.ESRCH);
    signaller.errnos.put(2, 1);
    engine.onSupervisorStopping();
    event("z", "z", RUNNING, STOPPED, 9);
    assertTrue(log.at("INFO").contains("tier 2/2 (priority 1): SIGTERM to c (pid 3);"
        + " not signalled: b (pid 2): kill failed, errno 1"), log.lines().toString());
    procFs.stats.remove(2);
    assertFalse(engine.allTiersExited());
    procFs.stats.remove(3);
    engine.onTick();
    assertTrue(engine.allTiersExited());
  }

  @Test
  void keepAwakeFromTheStopUntilTheListenerIsStoppedEvenWithNothingToSignal() {
    standard(false);
    assertFalse(engine.keepAwakeNeeded());
    engine.onSupervisorStopping();
    assertTrue(engine.allTiersExited());
    assertTrue(engine.keepAwakeNeeded());
    assertTrue(log.at("INFO").contains(
        "supervisor is stopping; 0 processes in 0 tiers by priority"));
  }

  @Test
  void keepsSupervisordAwakeWhileAnyProcessIsStartingOrBackingOff() {
    calls.info("db", "db", STARTING, 10, 1, 0);   // as just after a reload
    calls.info("web", "web_00", RUNNING, 20, 1, 0);
    procFs.spawn(10, 1010);
    procFs.spawn(20, 1020);
    standard(false);
    assertTrue(engine.keepAwakeNeeded());
    running("db", "db", 10);
    assertFalse(engine.keepAwakeNeeded());
    event("worker", "worker", STOPPED, STARTING, 0);
    assertTrue(engine.keepAwakeNeeded());
    event("worker", "worker", STARTING, BACKOFF, 0);
    assertTrue(engine.keepAwakeNeeded(), "a retry is due on a loop pass too");
    event("worker", "worker", BACKOFF, FATAL, 0);
    assertFalse(engine.keepAwakeNeeded());
    event("cache", "cache", STOPPED, STARTING, 0);
    engine.onGroupRemoved("cache");
    assertFalse(engine.keepAwakeNeeded(), "a removed group starts nothing");
  }

  @Test
  void startingProcessesNeedNoWakeUpUnderJsupervisord() {
    jsupervisordVersion = "0.1.0";
    calls.info("db", "db", STARTING, 10, 1, 0);
    standard(false);
    event("worker", "worker", STOPPED, STARTING, 0);
    assertFalse(engine.keepAwakeNeeded());
  }

  @Test
  void aLateExitedEventForAnOldPidKeepsTheNewerOne() {
    standard(false);
    running("db", "db", 10);
    running("db", "db", 11);                 // e.g. read from getAllProcessInfo after a restart
    event("db", "db", RUNNING, EXITED, 10);  // the old pid's exit, delivered late
    assertEquals(11, engine.trackedProcesses().get(0).pid());
    event("db", "db", BACKOFF, FATAL, 0);    // no pid: about the process as it is now
    assertTrue(engine.trackedProcesses().isEmpty());
  }
}
