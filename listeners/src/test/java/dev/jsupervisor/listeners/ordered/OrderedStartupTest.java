package dev.jsupervisor.listeners.ordered;

import static dev.jsupervisor.core.api.ProcessState.BACKOFF;
import static dev.jsupervisor.core.api.ProcessState.EXITED;
import static dev.jsupervisor.core.api.ProcessState.FATAL;
import static dev.jsupervisor.core.api.ProcessState.RUNNING;
import static dev.jsupervisor.core.api.ProcessState.STARTING;
import static dev.jsupervisor.core.api.ProcessState.STOPPED;
import static dev.jsupervisor.listeners.control.ConfigFixtures.group;
import static dev.jsupervisor.listeners.control.ConfigFixtures.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.listeners.control.ConfigFixtures.Prog;
import dev.jsupervisor.listeners.control.FakeSupervisorCalls;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.RecordingLog;
import dev.jsupervisor.listeners.ordered.OrderedStartup.Status;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OrderedStartupTest {
  private final FakeSupervisorCalls calls = new FakeSupervisorCalls();
  private final FakeClock clock = new FakeClock();
  private final RecordingLog log = new RecordingLog();
  private final FakeProber prober = new FakeProber();
  private OrderedStartup engine;

  /** Records each probe request; the test decides when and how it completes. */
  static final class FakeProber implements ReadinessProber {
    final List<ReadinessCheck> checks = new ArrayList<>();
    final List<CompletableFuture<ProbeResult>> pending = new ArrayList<>();

    @Override
    public CompletionStage<ProbeResult> probe(ReadinessCheck check) {
      checks.add(check);
      CompletableFuture<ProbeResult> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    void completeLast(ProbeResult r) {
      pending.get(pending.size() - 1).complete(r);
    }
  }

  private OrderedStartup engine(GroupConfig... groups) throws PlanException {
    engine = new OrderedStartup(StartupPlan.from(List.of(groups)), calls, prober, clock, log);
    return engine;
  }

  private static Prog chained(String name, int priority, String nextAfter) {
    Prog p = program(name).priority(priority).autostart(false).key("startinorder", "true");
    return nextAfter == null ? p : p.key("startnextafter", nextAfter);
  }

  private static Prog dependent(String name, String waitFor) {
    Prog p = program(name).autostart(false).key("dependent_startup", "true");
    return waitFor == null ? p : p.key("dependent_startup_wait_for", waitFor);
  }

  private void event(String group, String name, ProcessState from, ProcessState to) {
    engine.onProcessState(ProcessStateChange.of(group, name, from, to));
  }

  private void event(String name, ProcessState from, ProcessState to) {
    event(name, name, from, to);
  }

  private void exited(String group, String name, boolean expected) {
    engine.onProcessState(new ProcessStateChange(name, group, EXITED, RUNNING, expected, 42));
  }

  private void runs(String name) {
    event(name, STOPPED, STARTING);
    event(name, STARTING, RUNNING);
  }

  @Test
  void pingSleepPing2Ping3ChainStartsEachOnlyAfterItsPredecessorAndOnlyOnce() throws Exception {
    engine(
        chained("ping", 100, "exited").group(),
        chained("ping2", 200, "exited").group(),
        chained("ping3", 400, "exited").group(),
        chained("sleep", 101, null).group());
    engine.begin();
    assertEquals(List.of("ping:ping"), calls.started);

    runs("ping");
    assertEquals(List.of("ping:ping"), calls.started, "ping must exit before sleep starts");
    exited("ping", "ping", true);
    assertEquals(List.of("ping:ping", "sleep:sleep"), calls.started);

    event("sleep", STOPPED, STARTING);
    assertTrue(engine.keepAwakeNeeded(), "sleep's startsecs promotion must be noticed fast");
    assertEquals(2, calls.started.size(), "ping2 waits until sleep stayed up its startsecs");
    event("sleep", STARTING, RUNNING);
    assertEquals(List.of("ping:ping", "sleep:sleep", "ping2:ping2"), calls.started);

    runs("ping2");
    exited("ping2", "ping2", true);
    assertEquals(List.of("ping:ping", "sleep:sleep", "ping2:ping2", "ping3:ping3"),
        calls.started);
    runs("ping3");
    exited("ping3", "ping3", true);

    exited("sleep", "sleep", true);
    runs("sleep");
    assertEquals(4, calls.started.size(), "a respawn of sleep does not rerun the chain");
    assertTrue(engine.finished());
    assertFalse(engine.keepAwakeNeeded());
  }

  @Test
  void keepAwakeOnlyWhileAWaitedLinkIsOnItsWay() throws Exception {
    engine(chained("init", 1, "exited").group(), chained("app", 2, null).group());
    assertFalse(engine.keepAwakeNeeded(), "nothing waited for before the plan runs");
    engine.begin();
    assertTrue(engine.keepAwakeNeeded(), "init was just started; app waits for its EXITED");
    event("init", STOPPED, STARTING);
    event("init", STARTING, RUNNING);
    assertTrue(engine.keepAwakeNeeded(), "a RUNNING init is still due to exit");
    exited("init", "init", true);
    assertFalse(engine.keepAwakeNeeded(), "app started: nothing left to wait for");
  }

  @Test
  void chainLinkReleasesTheNextProgramInPriorityOrderEvenWithoutItsOwnStartinorder()
      throws Exception {
    engine(
        chained("first", 1, null).group(),
        program("tail").priority(2).autostart(false).group(),
        program("manual").priority(3).autostart(false).group());
    engine.begin();
    runs("first");
    assertEquals(List.of("first:first", "tail:tail"), calls.started);
    runs("tail");
    assertEquals(2, calls.started.size(), "tail has no startinorder: the line ends there");
    assertEquals(Status.STARTED, engine.status("tail"));
  }

  @Test
  void independentBranchesStartInParallelAndJoinsWaitForAllParents() throws Exception {
    engine(
        dependent("db", null).priority(10).group(),
        dependent("cache", null).priority(20).group(),
        dependent("api", "db:running cache:running").group(),
        dependent("worker", "db:running").group(),
        dependent("web", "api").group());
    engine.begin();
    assertEquals(List.of("db:db", "cache:cache"), calls.started, "roots start at once");
    runs("db");
    assertEquals(List.of("db:db", "cache:cache", "worker:worker"), calls.started);
    assertEquals(Status.WAITING, engine.status("api"));
    runs("cache");
    assertEquals("api:api", calls.started.get(3));
    runs("api");
    assertEquals("web:web", calls.started.get(4));
    assertTrue(engine.finished());
  }

  @Test
  void programsInsideGroupsAreAddressedAsGroupColonName() throws Exception {
    engine(
        group("backend", 100,
            dependent("db", null),
            dependent("api", "backend:db:running")),
        dependent("web", "api:running").group());
    engine.begin();
    assertEquals(List.of("backend:db"), calls.started);
    assertEquals(Status.WAITING, engine.status("backend:api"));
    runs("backend", "db");
    assertEquals(List.of("backend:db", "backend:api"), calls.started);
    runs("backend", "api");
    assertEquals(List.of("backend:db", "backend:api", "web:web"), calls.started);
  }

  private void runs(String group, String name) {
    event(group, name, STOPPED, STARTING);
    event(group, name, STARTING, RUNNING);
  }

  @Test
  void dependencyOnNumprocsProgramWaitsForEveryProcess() throws Exception {
    engine(dependent("worker", null).numprocs(3).group(),
        dependent("web", "worker:running").group());
    engine.begin();
    assertEquals(List.of("worker:worker_00", "worker:worker_01", "worker:worker_02"),
        calls.started);
    runs("worker", "worker_00");
    runs("worker", "worker_02");
    assertEquals(3, calls.started.size(), "worker_01 is still starting");
    runs("worker", "worker_01");
    assertEquals("web:web", calls.started.get(3));
  }

  @Test
  void fatalDependencyBlocksItsDependentsWithOneLineWhileOtherBranchesGoOn() throws Exception {
    engine(
        dependent("db", null).priority(1).group(),
        dependent("api", "db").group(),
        dependent("web", "api").group(),
        dependent("cache", null).priority(2).group(),
        dependent("stats", "cache").group());
    engine.begin();
    event("db", STOPPED, STARTING);
    event("db", STARTING, BACKOFF);
    assertEquals(Status.WAITING, engine.status("api"), "BACKOFF still retries");
    event("db", BACKOFF, FATAL);
    assertEquals(Status.BLOCKED, engine.status("api"));
    assertEquals(Status.BLOCKED, engine.status("web"));
    assertEquals(List.of("db entered FATAL; will not start: api, web"),
        log.at("ERROR"));
    assertTrue(engine.keepAwakeNeeded(), "stats still waits for the starting cache");

    runs("cache");
    assertTrue(calls.started.contains("stats:stats"), "the other branch goes on");
    assertFalse(engine.keepAwakeNeeded(), "a blocked program is not waited for");
    assertTrue(engine.finished(), "blocked counts as settled: nothing stalls silently");

    event("db", FATAL, STARTING); // an operator fixed and started it
    event("db", STARTING, RUNNING);
    assertTrue(calls.started.contains("api:api"), "recovered dependency releases api");
    assertEquals(1, log.at("ERROR").size(), "the block is reported once");
  }

  @Test
  void unexpectedExitOfAnExitedDependencyBlocksUntilAnExpectedExit() throws Exception {
    engine(dependent("init", null).group(), dependent("app", "init:exited").group());
    engine.begin();
    runs("init");
    exited("init", "init", false);
    assertEquals(Status.BLOCKED, engine.status("app"));
    assertEquals(List.of("init exited unexpectedly; will not start: app"),
        log.at("ERROR"));
    event("init", EXITED, STARTING); // autorestart=unexpected
    event("init", STARTING, RUNNING);
    exited("init", "init", false);
    assertEquals(1, log.at("ERROR").size(), "a restart loop does not repeat the report");
    event("init", EXITED, STARTING);
    event("init", STARTING, RUNNING);
    exited("init", "init", true);
    assertEquals(List.of("init:init", "app:app"), calls.started);
  }

  @Test
  void oneShotThatFailsWithinStartsecsGetsAHint() throws Exception {
    engine(dependent("init", null).group(), dependent("app", "init:exited").group());
    engine.begin();
    event("init", STOPPED, STARTING);
    event("init", STARTING, BACKOFF);
    event("init", BACKOFF, FATAL);
    assertEquals(List.of("init entered FATAL (a program that exits within"
        + " startsecs failed to start: one-shot programs need startsecs=0); will not start: app"),
        log.at("ERROR"));
  }

  @Test
  void waitingForFatalIsSatisfiedByFatal() throws Exception {
    engine(dependent("probe", null).group(), dependent("after", "probe:running,fatal").group());
    engine.begin();
    event("probe", STOPPED, STARTING);
    event("probe", STARTING, BACKOFF);
    event("probe", BACKOFF, FATAL);
    assertEquals(List.of("probe:probe", "after:after"), calls.started);
  }

  @Test
  void faultsAreLoggedAndNeverStopTheListener() throws Exception {
    engine(
        dependent("a", null).priority(1).group(),
        dependent("b", null).priority(2).group(),
        dependent("c", null).priority(3).group(),
        dependent("after_b", "b").group(),
        dependent("after_c", "c").group());
    calls.startFailures.put("a:a", new RpcFault(Fault.ALREADY_STARTED, "a:a"));
    calls.startFailures.put("b:b", new RpcFault(Fault.BAD_NAME, "b:b"));
    calls.startFailures.put("c:c", new RpcFault(Fault.SPAWN_ERROR, "c:c"));
    engine.begin();
    assertEquals(Status.STARTED, engine.status("a"));
    assertEquals(Status.BLOCKED, engine.status("after_b"));
    assertTrue(log.at("ERROR").contains("cannot start b: BAD_NAME: b:b"));
    assertTrue(log.at("ERROR").contains(
        "b could not be started (BAD_NAME: b:b); will not start: after_b"));
    assertEquals(Status.WAITING, engine.status("after_c"), "SPAWN_ERROR: events decide");
    event("c", STARTING, BACKOFF);
    event("c", BACKOFF, FATAL);
    assertEquals(Status.BLOCKED, engine.status("after_c"));
    assertTrue(calls.started.isEmpty(), "the fake recorded no successful start");
  }

  @Test
  void unreachableDaemonIsRetriedOnTickWithoutDoubleStarts() throws Exception {
    engine(dependent("a", null).group());
    calls.allInfoFailure = new UncheckedIOException(new ConnectException("refused"));
    engine.begin();
    assertTrue(calls.started.isEmpty());
    engine.onTick();
    assertEquals(1, calls.allInfoCalls, "the retry waits its second");
    clock.advance(Duration.ofSeconds(1));
    engine.onTick();
    assertEquals(List.of("a:a"), calls.started);

    engine(dependent("b", null).group());
    calls.started.clear();
    calls.startFailures.put("b:b", new UncheckedIOException(new ConnectException("refused")));
    engine.begin();
    engine.onTick();
    assertTrue(calls.started.isEmpty());
    clock.advance(Duration.ofSeconds(1));
    engine.onTick();
    engine.onTick();
    assertEquals(List.of("b:b"), calls.started);
  }

  @Test
  void restartedListenerResumesMidChainWithoutStartingAnythingTwice() throws Exception {
    GroupConfig[] config = {
      chained("ping", 100, "exited").group(),
      chained("sleep", 101, null).group(),
      chained("ping2", 200, "exited").group(),
      chained("ping3", 400, "exited").group()
    };
    calls.info("ping", "ping", EXITED, 0, 1000, 0);
    calls.info("sleep", "sleep", STARTING, 77, 1001, 0);
    calls.info("ping2", "ping2", STOPPED, 0, 0, 0);
    calls.info("ping3", "ping3", STOPPED, 0, 0, 0);
    engine(config);
    engine.begin();
    assertTrue(calls.started.isEmpty(), "ping and sleep are already under way");
    assertTrue(engine.keepAwakeNeeded());
    event("sleep", STARTING, RUNNING);
    assertEquals(List.of("ping2:ping2"), calls.started);
    engine.begin(); // a second resync changes nothing
    assertEquals(List.of("ping2:ping2"), calls.started);
  }

  @Test
  void restartAfterAFailedInitKeepsDependentsBlocked() throws Exception {
    calls.info("init", "init", EXITED, 0, 1000, 3);
    calls.info("app", "app", STOPPED, 0, 0, 0);
    engine(dependent("init", null).group(), dependent("app", "init:exited").group());
    engine.begin();
    assertEquals(Status.BLOCKED, engine.status("app"));
    assertTrue(calls.started.isEmpty(), "init is not started again after a restart");
  }

  @Test
  void resumeStartsOnlyTheProcessesOfANumprocsProgramThatAreNotStartedYet() throws Exception {
    calls.info("w", "w_00", RUNNING, 5, 1000, 0);
    calls.info("w", "w_01", STOPPED, 0, 0, 0);
    engine(dependent("w", null).numprocs(2).group());
    engine.begin();
    assertEquals(List.of("w:w_01"), calls.started);
    assertTrue(log.at("INFO").contains(
        "already started, not starting again: w:w_00"));
  }

  @Test
  void readinessCheckGatesRunningDependentsUntilItPasses() throws Exception {
    engine(
        dependent("db", null).key("startready", "tcp:127.0.0.1:5432").group(),
        dependent("api", "db:running").group(),
        dependent("starter", "db:starting").group());
    engine.begin();
    event("db", STOPPED, STARTING);
    assertTrue(calls.started.contains("starter:starter"), "readiness only gates RUNNING waits");
    event("db", STARTING, RUNNING);
    assertEquals(List.of(new ReadinessCheck.Tcp("127.0.0.1", 5432)), prober.checks);
    assertFalse(calls.started.contains("api:api"));
    assertFalse(engine.keepAwakeNeeded(), "supervisord has nothing left to do for db");

    prober.completeLast(ProbeResult.notReady("connection refused"));
    engine.onTick();
    assertEquals(1, prober.checks.size(), "no new probe before the interval");
    clock.advance(OrderedStartup.PROBE_INTERVAL);
    engine.onTick();
    assertEquals(2, prober.checks.size());
    prober.completeLast(ProbeResult.ready("connected"));
    engine.onTick();
    assertTrue(calls.started.contains("api:api"));
  }

  @Test
  void readinessTimeoutBlocksDependentsAndNamesTheCheck() throws Exception {
    engine(
        dependent("db", null).key("startready", "http://127.0.0.1:1/health")
            .key("startready_timeout", "5").group(),
        dependent("api", "db").group());
    engine.begin();
    runs("db");
    prober.completeLast(ProbeResult.notReady("HTTP 503"));
    clock.advance(Duration.ofSeconds(5));
    engine.onTick();
    assertEquals(Status.BLOCKED, engine.status("api"));
    assertEquals(
        List.of("db is RUNNING but not ready after startready_timeout=5s"
            + " (http://127.0.0.1:1/health: HTTP 503); will not start: api"),
        log.at("ERROR"));
  }

  @Test
  void startTimeoutReportsDependentsBlockedAndLateArrivalReleasesThem() throws Exception {
    engine(dependent("db", null).key("start_timeout", "10").group(),
        dependent("api", "db").group());
    engine.begin();
    event("db", STOPPED, STARTING);
    clock.advance(Duration.ofSeconds(9));
    engine.onTick();
    assertEquals(Status.WAITING, engine.status("api"));
    clock.advance(Duration.ofSeconds(1));
    engine.onTick();
    assertEquals(Status.BLOCKED, engine.status("api"));
    assertEquals(
        List.of("db did not reach running within start_timeout=10s;"
            + " will not start: api"),
        log.at("ERROR"));
    event("db", STARTING, RUNNING);
    assertEquals(List.of("db:db", "api:api"), calls.started);
  }

  @Test
  void inheritPriorityOrdersStartsIssuedTogether() throws Exception {
    engine(
        dependent("root", null).priority(1).group(),
        dependent("late", "root").priority(50).group(),
        dependent("early", "root").priority(900)
            .key("dependent_startup_inherit_priority", "true").group());
    engine.begin();
    runs("root");
    assertEquals(List.of("root:root", "early:early", "late:late"), calls.started);
  }

  @Test
  void shutdownStopsAllStartsAndIsNotReportedAsFailure() throws Exception {
    engine(dependent("db", null).group(), dependent("api", "db").group());
    engine.begin();
    event("db", STOPPED, STARTING);
    engine.onSupervisorStopping();
    assertFalse(engine.keepAwakeNeeded());
    event("db", STARTING, ProcessState.STOPPING);
    event("db", ProcessState.STOPPING, STOPPED);
    event("db", STOPPED, STARTING);
    event("db", STARTING, RUNNING);
    assertEquals(List.of("db:db"), calls.started);
    assertTrue(log.at("ERROR").isEmpty(), log.lines().toString());
  }

  @Test
  void processesTheDaemonDoesNotKnowAreReported() throws Exception {
    calls.info("other", "other", RUNNING, 3, 1000, 0);
    engine(dependent("a", null).group());
    engine.begin();
    assertTrue(log.at("WARN").get(0).endsWith(": a"), log.lines().toString());
  }

  private void stoppedInfos(String... names) {
    for (String n : names) {
      calls.info(n, n, STOPPED, 0, 0, 0);
    }
  }

  /** A started program with startsecs=0 is RUNNING by the time startProcess answers. */
  private void startsRunAtOnce() {
    calls.duringStart = ns -> {
      String name = ns.substring(ns.indexOf(':') + 1);
      calls.info(ns.substring(0, ns.indexOf(':')), name, RUNNING, 10, 1000, 0);
    };
  }

  /** a, b, c chained on RUNNING, all STOPPED, each RUNNING as soon as it is started. */
  private void chainOfThreeStartingRunning() throws PlanException {
    engine(chained("a", 1, "running").group(), chained("b", 2, "running").group(),
        chained("c", 3, null).group());
    stoppedInfos("a", "b", "c");
    startsRunAtOnce();
  }

  @Test
  void pollsMoveTheChainOnWhileSupervisordHoldsTheEventsBack() throws Exception {
    chainOfThreeStartingRunning();
    engine.begin();
    assertEquals(List.of("a:a"), calls.started);

    engine.pollAwaited();
    assertEquals(List.of("a:a", "b:b", "c:c"), calls.started,
        "each answer that shows a link RUNNING starts the next one, polling again at once");
    assertEquals(List.of("a:a", "b:b"), calls.infoCalls, "only awaited links are asked for");
    assertFalse(engine.keepAwakeNeeded());

    runs("a");
    runs("b");
    runs("c");
    assertEquals(3, calls.started.size(), "the late events start nothing twice");
  }

  @Test
  void theStateReadWithEachStartMovesTheChainOnInOneRoundTripPerLink() throws Exception {
    chainOfThreeStartingRunning();
    calls.readAfterStart = true;
    engine.begin();
    assertEquals(List.of("a:a", "b:b", "c:c"), calls.started);
    assertTrue(calls.infoCalls.isEmpty(), "no separate reads: " + calls.infoCalls);
  }

  @Test
  void theStateReadWithAStartAlsoStopsBeforeTheHeldBackEventsCouldOverflow() throws Exception {
    engine(chained("a", 1, "running").group(), chained("b", 2, "running").group(),
        chained("c", 3, "running").group(), chained("d", 4, null).group());
    engine.eventBufferSize(7);
    stoppedInfos("a", "b", "c", "d");
    startsRunAtOnce();
    calls.readAfterStart = true;
    engine.begin();
    assertEquals(List.of("a:a", "b:b"), calls.started, "1 + 3 events per start must fit 7");
  }

  @Test
  void waitingForAnExitThePollAsksTwiceSinceSupervisordReapsAfterAnswering() throws Exception {
    engine(chained("init", 1, "exited").group(), chained("app", 2, null).group());
    stoppedInfos("init", "app");
    engine.begin();
    calls.info("init", "init", RUNNING, 10, 1000, 0);
    AtomicInteger reads = new AtomicInteger();
    calls.duringInfo = ns -> {
      if (reads.incrementAndGet() == 2) {
        calls.info("init", "init", EXITED, 0, 1000, 0); // reaped in the pass the first woke
      }
    };
    engine.pollAwaited();
    assertEquals(List.of("init:init", "init:init"), calls.infoCalls);
    assertEquals(List.of("init:init", "app:app"), calls.started);
  }

  @Test
  void aPollAnswerOvertakenByAnEventIsIgnored() throws Exception {
    engine(chained("a", 1, "running").group(), chained("b", 2, null).group());
    stoppedInfos("a", "b");
    engine.begin();
    calls.info("a", "a", RUNNING, 10, 1000, 0);
    calls.duringInfo = ns -> event("a", STARTING, BACKOFF);
    engine.pollAwaited();
    assertEquals(List.of("a:a"), calls.started,
        "the answer was read before a's BACKOFF event and must not count");

    calls.duringInfo = ns -> { };
    engine.pollAwaited();
    assertEquals(List.of("a:a", "b:b"), calls.started, "a fresh answer counts");
  }

  @Test
  void pollsStopRunningAheadWhileTheHeldBackEventsCouldOverflowTheBuffer() throws Exception {
    engine(chained("a", 1, "running").group(), chained("b", 2, "running").group(),
        chained("c", 3, "running").group(), chained("d", 4, "running").group(),
        chained("e", 5, null).group());
    engine.eventBufferSize(10);
    stoppedInfos("a", "b", "c", "d", "e");
    startsRunAtOnce();
    engine.begin();
    engine.pollAwaited();
    assertEquals(List.of("a:a", "b:b", "c:c"), calls.started,
        "1 + 3 events per start must fit a buffer of 10");

    event("ordered", "ordered", STOPPED, STARTING); // the listener's own first event
    engine.pollAwaited();
    assertEquals(List.of("a:a", "b:b", "c:c", "d:d", "e:e"), calls.started);
  }

  @Test
  void noLockIsHeldWhileStartProcessIsUnderWay() throws Exception {
    engine(dependent("db", null).group());
    AtomicReference<Object> seenFromOtherThread = new AtomicReference<>();
    calls.duringStart = ns -> {
      try {
        seenFromOtherThread.set(
            CompletableFuture.supplyAsync(() -> engine.status("db")).get(10, TimeUnit.SECONDS));
      } catch (Exception e) {
        seenFromOtherThread.set(e);
      }
    };
    engine.begin();
    assertEquals(List.of("db:db"), calls.started);
    assertEquals(Status.STARTED, seenFromOtherThread.get(),
        "another thread reads the engine during the call");
  }
}
