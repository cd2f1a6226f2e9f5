package dev.jsupervisor.listeners.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.listeners.ordered.Main;
import dev.jsupervisor.testkit.FakeSupervisor;
import dev.jsupervisor.testkit.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real ordered-startup listener as a child process against the testkit's fake
 * supervisord: chains, graphs, groups, numprocs, failures, cycles, API faults and its own
 * restart, all on the fake's virtual clock.
 */
class OrderedStartupOnTestkitTest {
  @TempDir Path dir;
  private ListenerUnderFake listener;

  @AfterEach
  void close() {
    if (listener != null) {
      listener.close();
    }
  }

  private FakeSupervisor start(String programs) throws Exception {
    listener = ListenerUnderFake.start(Main.class, dir, programs);
    return listener.fake();
  }

  private static String program(String name, String... keys) {
    return "[program:" + name + "]\ncommand=/bin/true\nautostart=false\n"
        + String.join("\n", keys) + "\n\n";
  }

  /**
   * Waits for the listener's startProcess call and for the fake to have carried it out: the
   * call is logged before its body runs under the table's lock, so a synchronized read of the
   * table returns only once the spawn is done (else an advance could overtake it).
   */
  private static RecordedCall awaitStart(FakeSupervisor sup, String namespec) {
    RecordedCall call = sup.calls().await("startProcess", namespec, sup.timeout());
    sup.processes().mood();
    return call;
  }

  private static List<String> started(FakeSupervisor sup) {
    return sup.calls().of("startProcess").stream().map(RecordedCall::firstArg).toList();
  }

  /** Every event sent so far was acked, so no event-driven start is still on its way. */
  private static void settle(FakeSupervisor sup) {
    sup.awaitIdle();
    sup.assertNoViolation();
  }

  /** Proves the listener still answers: an event it does not act on is acked. */
  private static void assertStillAcking(FakeSupervisor sup) {
    long serial = sup.emit(Event.supervisorStateChange(
        dev.jsupervisor.core.api.SupervisorState.RUNNING));
    sup.awaitAck(serial);
    sup.assertNoViolation();
  }

  @Test
  void startInOrderChainWaitsForEachLinkAndForStartsecs() throws Exception {
    FakeSupervisor sup = start(
        program("ping", "priority=10", "startsecs=1", "startinorder=true")
            + program("sleep", "priority=20", "startsecs=5", "startinorder=true")
            + program("ping2", "priority=30", "startsecs=1", "startinorder=true")
            + program("ping3", "priority=40", "startsecs=1"));

    RecordedCall ping = awaitStart(sup, "ping:ping");
    assertEquals(List.of("ping:ping", false), ping.args());
    settle(sup);
    assertEquals(List.of("ping:ping"), started(sup), "only the head of the chain starts at once");

    sup.advance(Duration.ofSeconds(1));                  // ping RUNNING
    RecordedCall sleep = awaitStart(sup, "sleep:sleep");
    sup.advance(Duration.ofSeconds(4));                  // sleep still STARTING
    settle(sup);
    assertEquals(ProcessState.STARTING, sup.processes().state("sleep:sleep"));
    assertEquals(List.of("ping:ping", "sleep:sleep"), started(sup),
        "ping2 started before sleep passed its startsecs=5");

    sup.advance(Duration.ofSeconds(1));                  // sleep RUNNING
    RecordedCall ping2 = awaitStart(sup, "ping2:ping2");
    assertTrue(ping2.virtualMillis() - sleep.virtualMillis() >= 5000,
        "ping2 at " + ping2.virtualMillis() + " ms, sleep at " + sleep.virtualMillis() + " ms");
    assertEquals(ProcessState.RUNNING, sup.processes().state("sleep:sleep"));
    sup.advance(Duration.ofSeconds(1));
    awaitStart(sup, "ping3:ping3");
    sup.advance(Duration.ofSeconds(1));
    settle(sup);
    sup.calls().assertOrder("startProcess:ping:ping", "startProcess:sleep:sleep",
        "startProcess:ping2:ping2", "startProcess:ping3:ping3");
    assertEquals(4, started(sup).size(), "each program started exactly once: " + started(sup));
    listener.awaitStderr("starting ping3");
  }

  @Test
  void dependencyGraphStartsIndependentBranchesInParallel() throws Exception {
    FakeSupervisor sup = start(
        program("init", "startsecs=0", "exitcodes=0", "dependent_startup=true")
            + program("db", "startsecs=2", "dependent_startup=true",
                "dependent_startup_wait_for=init:exited")
            + program("cache", "startsecs=1", "dependent_startup=true",
                "dependent_startup_wait_for=init:exited")
            + program("web", "startsecs=1", "dependent_startup=true",
                "dependent_startup_wait_for=db:running cache:running"));

    awaitStart(sup, "init:init");
    settle(sup);
    assertEquals(List.of("init:init"), started(sup));
    sup.processes().crash("init:init", 0);                // expected exit: EXITED
    awaitStart(sup, "db:db");
    awaitStart(sup, "cache:cache");
    sup.advance(Duration.ofSeconds(1));                   // cache RUNNING, db still STARTING
    settle(sup);
    assertTrue(!started(sup).contains("web:web"), "web started before db was RUNNING");
    sup.advance(Duration.ofSeconds(1));                   // db RUNNING
    awaitStart(sup, "web:web");
    sup.calls().assertOrder("startProcess:init:init", "startProcess:db:db",
        "startProcess:web:web");
    sup.calls().assertOrder("startProcess:init:init", "startProcess:cache:cache",
        "startProcess:web:web");
  }

  @Test
  void groupMembersAndNumprocsAreAddressedAsGroupNameAndAllAwaited() throws Exception {
    FakeSupervisor sup = start(
        program("base", "startsecs=1", "dependent_startup=true")
            + "[group:svc]\nprograms=base\n\n"
            + program("worker", "numprocs=2", "process_name=%(program_name)s_%(process_num)d",
                "startsecs=1", "dependent_startup=true",
                "dependent_startup_wait_for=svc:base:running")
            + program("api", "startsecs=1", "dependent_startup=true",
                "dependent_startup_wait_for=worker:running"));

    awaitStart(sup, "svc:base");
    sup.advance(Duration.ofSeconds(1));                   // svc:base RUNNING
    awaitStart(sup, "worker:worker_0");
    awaitStart(sup, "worker:worker_1");
    settle(sup);
    sup.processes().crash("worker:worker_1", 1);          // exits in STARTING: BACKOFF
    sup.advance(Duration.ofSeconds(1));                   // worker_0 RUNNING, worker_1 respawned
    settle(sup);
    assertEquals(ProcessState.STARTING, sup.processes().state("worker:worker_1"));
    assertEquals(ProcessState.RUNNING, sup.processes().state("worker:worker_0"));
    assertTrue(!started(sup).contains("api:api"),
        "api started while only one of worker's two processes was RUNNING: " + started(sup));
    sup.advance(Duration.ofSeconds(1));                   // worker_1 RUNNING
    awaitStart(sup, "api:api");
    assertEquals(ProcessState.RUNNING, sup.processes().state("worker:worker_1"));
  }

  @Test
  void fatalDependencyBlocksDependentsAndListenerKeepsAcking() throws Exception {
    FakeSupervisor sup = start(
        program("db", "startsecs=1", "startretries=1", "dependent_startup=true")
            + program("web", "dependent_startup=true", "dependent_startup_wait_for=db:running")
            + program("other", "dependent_startup=true"));
    awaitStart(sup, "db:db");
    awaitStart(sup, "other:other");
    sup.processes().failStartsForever("db:db");
    sup.processes().crash("db:db", 1);                    // BACKOFF; its retry fails: FATAL
    sup.advance(Duration.ofSeconds(5));
    assertEquals(ProcessState.FATAL, sup.processes().state("db:db"));
    settle(sup);
    String log = listener.awaitStderr("will not start: web");
    assertTrue(log.contains("db entered FATAL"), log);
    assertEquals(List.of("db:db", "other:other"), started(sup).stream().sorted().toList());
    assertStillAcking(sup);
  }

  @Test
  void unexpectedExitOfInitJobBlocksDependents() throws Exception {
    FakeSupervisor sup = start(
        program("init", "startsecs=0", "exitcodes=0", "autorestart=false",
            "startinorder=true", "startnextafter=exited", "priority=1")
            + program("app", "startinorder=true", "priority=2"));

    awaitStart(sup, "init:init");
    sup.processes().crash("init:init", 3);                // exit code 3 not in exitcodes
    settle(sup);
    String log = listener.awaitStderr("will not start: app");
    assertTrue(log.contains("init exited unexpectedly"), log);
    assertEquals(List.of("init:init"), started(sup));
    assertStillAcking(sup);
  }

  @Test
  void cycleMakesThePlanRefusedButTheListenerKeepsAcking() throws Exception {
    FakeSupervisor sup = start(
        program("a", "dependent_startup=true", "dependent_startup_wait_for=b:running")
            + program("b", "dependent_startup=true", "dependent_startup_wait_for=a:running")
            + program("free", "dependent_startup=true"));

    String log = listener.awaitStderr("refusing to run this plan");
    assertTrue(log.contains("a") && log.contains("b"), log);
    sup.processes().start("a:a");                        // events still flow and are acked
    sup.advance(Duration.ofSeconds(1));
    settle(sup);
    assertEquals(List.of(), started(sup), "a refused plan started something");
    assertTrue(sup.calls().of("getAllProcessInfo").isEmpty(), "" + sup.calls().all());
    assertStillAcking(sup);
  }

  @Test
  void badNameFaultFromTheApiIsLoggedAndOtherBranchesGoOn() throws Exception {
    String programs = program("db", "startsecs=1", "dependent_startup=true")
        + program("web", "dependent_startup=true", "dependent_startup_wait_for=db:running")
        + program("ghost", "dependent_startup=true")
        + program("haunted", "dependent_startup=true", "dependent_startup_wait_for=ghost:running");
    Path listenerConf = dir.resolve("listener.conf");
    Files.writeString(listenerConf, ListenerUnderFake.HEADER + programs);
    Path fakeConf = dir.resolve("daemon.conf");                // the daemon has no ghost
    Files.writeString(fakeConf, ListenerUnderFake.HEADER
        + programs.substring(0, programs.indexOf("[program:ghost]")));
    listener = ListenerUnderFake.start(Main.class, dir, fakeConf, listenerConf);
    FakeSupervisor sup = listener.fake();

    awaitStart(sup, "ghost:ghost");
    String log = listener.awaitStderr("will not start: haunted");
    assertTrue(log.contains("not known to supervisord"), log);
    assertTrue(log.contains("cannot start ghost: BAD_NAME"), log);
    sup.advance(Duration.ofSeconds(1));                   // db RUNNING
    awaitStart(sup, "web:web");
    settle(sup);
    assertTrue(!started(sup).contains("haunted:haunted"), "" + started(sup));
  }

  @Test
  void alreadyStartedFaultFromTheApiIsTakenAsStarted() throws Exception {
    FakeSupervisor sup = start(
        program("db", "startsecs=1", "dependent_startup=true")
            + program("web", "startsecs=1", "dependent_startup=true",
                "dependent_startup_wait_for=db:running")
            + program("api", "dependent_startup=true", "dependent_startup_wait_for=web:running"));
    awaitStart(sup, "db:db");
    sup.processes().place("web:web", ProcessState.STARTING); // someone else started it, silently
    sup.advance(Duration.ofSeconds(1));                   // db RUNNING
    awaitStart(sup, "web:web");
    listener.awaitStderr("web was already started");
    sup.scenarios().stateSequence("web", ProcessState.RUNNING); // web:web RUNNING
    awaitStart(sup, "api:api");
    settle(sup);
    assertEquals(1, sup.calls().of("startProcess").stream()
        .filter(c -> c.firstArg().equals("web:web")).count());
  }

  @Test
  void restartedListenerRebuildsFromGetAllProcessInfoAndStartsNothingTwice() throws Exception {
    FakeSupervisor sup = start(
        program("a", "priority=1", "startsecs=1", "startinorder=true")
            + program("b", "priority=2", "startsecs=1", "startinorder=true")
            + program("c", "priority=3", "startsecs=1", "startinorder=true")
            + program("d", "priority=4", "startsecs=1"));
    awaitStart(sup, "a:a");
    sup.advance(Duration.ofSeconds(1));                   // a RUNNING
    awaitStart(sup, "b:b");
    settle(sup);
    int infoCallsBefore = sup.calls().of("getAllProcessInfo").size();

    listener.restart();                                   // b is still STARTING
    assertTrue(sup.calls().of("getAllProcessInfo").size() > infoCallsBefore,
        "the new instance did not read the process table: " + sup.calls().all());
    String log = listener.awaitStderr("already started, not starting again: a, b");
    assertEquals(List.of("a:a", "b:b"), started(sup), log);

    sup.advance(Duration.ofSeconds(1));                   // b RUNNING
    awaitStart(sup, "c:c");
    sup.advance(Duration.ofSeconds(1));
    awaitStart(sup, "d:d");
    settle(sup);
    assertEquals(List.of("a:a", "b:b", "c:c", "d:d"), started(sup));
  }
}
