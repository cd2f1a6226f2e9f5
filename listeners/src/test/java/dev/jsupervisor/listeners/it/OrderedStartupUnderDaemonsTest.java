package dev.jsupervisor.listeners.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.listeners.control.ClientCalls;
import dev.jsupervisor.listeners.it.DaemonUnderTest.Kind;
import dev.jsupervisor.listeners.ordered.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs bin/ordered-startup's Main as an event listener under the real supervisord 4.2.5 and
 * under jsupervisord, and checks from the daemon's log and getAllProcessInfo that programs start
 * in order, only once what they wait for has happened, and that a failed dependency blocks only
 * its dependents.
 */
class OrderedStartupUnderDaemonsTest {
  private static final Duration SETTLE = Duration.ofSeconds(30);
  /** Generous: the keep-awake tick makes hops take tens of milliseconds, not seconds. */
  private static final long MAX_HOP_MILLIS = 750;
  private static final String EVENTS = "PROCESS_STATE,SUPERVISOR_STATE_CHANGE";
  private static final String LOOP = "command=/bin/sh -c 'while :; do sleep 0.2; done'";

  private DaemonUnderTest daemon;

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** The ordered-startup-supervisord example, with local loops instead of network pings. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void startInOrderChainFollowsPriorityAndWaitsForStartsecs(Kind kind) throws Exception {
    daemon = DaemonUnderTest.prepare(kind);
    startWithListener(
        program("ping", "priority=10", "startsecs=1", "startinorder=true"),
        program("sleep", "priority=20", "startsecs=2", "startinorder=true"),
        program("ping2", "priority=30", "startsecs=1", "startinorder=true"),
        program("ping3", "priority=40", "startsecs=1"),
        "");

    daemon.awaitProcesses("the whole chain RUNNING", SETTLE,
        infos -> states(infos).entrySet().stream()
            .filter(e -> !e.getKey().startsWith("ordered"))
            .allMatch(e -> e.getValue() == ProcessState.RUNNING));

    long pingUp = daemon.firstLogTime("success: ping entered RUNNING");
    long sleepSpawned = daemon.firstLogTime("spawned: 'sleep'");
    long sleepUp = daemon.firstLogTime("success: sleep entered RUNNING");
    long ping2Spawned = daemon.firstLogTime("spawned: 'ping2'");
    long ping2Up = daemon.firstLogTime("success: ping2 entered RUNNING");
    long ping3Spawned = daemon.firstLogTime("spawned: 'ping3'");
    String log = daemon.diagnostics();
    assertTrue(daemon.firstLogTime("spawned: 'ping'") <= pingUp, log);
    assertTrue(sleepSpawned >= pingUp, "sleep spawned before ping was RUNNING\n" + log);
    assertTrue(ping2Spawned >= sleepUp, "ping2 spawned before sleep was RUNNING\n" + log);
    assertTrue(ping2Spawned - sleepSpawned >= 1900,
        "ping2 spawned before sleep stayed up its startsecs=2\n" + log);
    assertTrue(ping3Spawned >= ping2Up, "ping3 spawned before ping2 was RUNNING\n" + log);

    List<Long> hops = List.of(sleepSpawned - pingUp, ping2Spawned - sleepUp,
        ping3Spawned - ping2Up);
    report(kind, "RUNNING hops (ms, RUNNING logged -> next spawned)", hops);
    hops.forEach(h -> assertTrue(h < MAX_HOP_MILLIS, "hop of " + h + " ms\n" + log));
    // supervisord itself started none of them: each was spawned exactly once.
    for (String name : List.of("ping", "sleep", "ping2", "ping3")) {
      assertEquals(1, daemon.mainLog().stream()
          .filter(l -> l.text().startsWith("spawned: '" + name + "'")).count(), log);
    }
  }

  /**
   * Both daemons hold a listener's events back until it has stayed up its own startsecs (60 s
   * here), so a chain of startsecs=0 links can only move on the listener's polls: each hop must
   * still take well under a second, and the whole chain must be up while the listener is
   * STARTING.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void instantLinksMoveOnPollsWhileTheDaemonHoldsEventsBack(Kind kind) throws Exception {
    daemon = DaemonUnderTest.prepare(kind);
    int links = 5;
    StringBuilder chain = new StringBuilder();
    for (int i = 1; i <= links; i++) {
      chain.append(program("c" + i, "priority=" + i, "startsecs=0", "startinorder=true",
          "startnextafter=running"));
    }
    daemon.start(daemon.listenerSection("ordered", Main.class, EVENTS)
            .replace("startsecs=1", "startsecs=60")
        + "\n" + chain);

    List<ProcessInfo> infos = daemon.awaitProcesses("the whole chain RUNNING", SETTLE,
        all -> states(all).entrySet().stream()
            .filter(e -> e.getKey().startsWith("c"))
            .allMatch(e -> e.getValue() == ProcessState.RUNNING));
    String log = daemon.diagnostics();
    assertEquals(ProcessState.STARTING, states(infos).get("ordered:ordered"),
        "the listener must still be STARTING, so no event reached it\n" + log);
    List<Long> hops = new ArrayList<>();
    for (int i = 1; i < links; i++) {
      hops.add(daemon.firstLogTime("spawned: 'c" + (i + 1) + "'")
          - daemon.firstLogTime("success: c" + i + " entered RUNNING"));
    }
    report(kind, "RUNNING hops on polls (ms, RUNNING logged -> next spawned)", hops);
    hops.forEach(h -> assertTrue(h >= 0 && h < MAX_HOP_MILLIS, "hop of " + h + " ms\n" + log));
  }

  /**
   * An init job that must exit 0, a db that must also pass a TCP readiness check, two worker
   * processes, and a program inside a [group:].
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void dependencyGraphWaitsForExitReadinessAndEveryProcess(Kind kind) throws Exception {
    daemon = DaemonUnderTest.prepare(kind);
    int port = freePort();
    Path initExit = daemon.dir.resolve("init-exit-ms");
    Path dbReady = daemon.dir.resolve("db-ready-ms");
    Path dbScript = daemon.dir.resolve("db.py");
    // Opens its port well after startsecs, so RUNNING alone must not release the workers.
    Files.writeString(dbScript, String.join("\n",
        "import socket, sys, time",
        "time.sleep(2.0)",
        "open(sys.argv[2], 'w').write(str(int(time.time() * 1000)))",
        "s = socket.socket()",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind(('127.0.0.1', int(sys.argv[1])))",
        "s.listen(5)",
        "while True:",
        "    c, _ = s.accept()",
        "    c.close()",
        ""));
    startWithListener(
        "[program:init]",
        "command=/bin/sh -c 'sleep 0.5; date +%%s%%3N > " + initExit + "; exit 0'",
        "autostart=false",
        "autorestart=false",
        "startsecs=0",
        "dependent_startup=true",
        "[program:db]",
        "command=/usr/bin/python3 " + dbScript + " " + port + " " + dbReady,
        "autostart=false",
        "startsecs=1",
        "dependent_startup=true",
        "dependent_startup_wait_for=init:exited",
        "startready=tcp:127.0.0.1:" + port,
        "startready_timeout=20",
        "[program:worker]",
        LOOP,
        "process_name=%(program_name)s_%(process_num)d",
        "numprocs=2",
        "autostart=false",
        "startsecs=1",
        "dependent_startup=true",
        "dependent_startup_wait_for=db:running",
        "[group:web]",
        "programs=api",
        "[program:api]",
        LOOP,
        "autostart=false",
        "startsecs=1",
        "dependent_startup=true",
        "dependent_startup_wait_for=worker:running",
        "");

    List<ProcessInfo> settled = daemon.awaitProcesses("the whole graph up", SETTLE,
        infos -> {
          Map<String, ProcessState> s = states(infos);
          return s.get("init:init") == ProcessState.EXITED
              && s.get("db:db") == ProcessState.RUNNING
              && s.get("worker:worker_0") == ProcessState.RUNNING
              && s.get("worker:worker_1") == ProcessState.RUNNING
              && s.get("web:api") == ProcessState.RUNNING;
        });
    String log = daemon.diagnostics();
    Map<String, ProcessInfo> byName =
        settled.stream().collect(Collectors.toMap(i -> i.group() + ":" + i.name(), i -> i));
    assertEquals(0, byName.get("init:init").exitstatus(), log);

    long initExited = Long.parseLong(Files.readString(initExit).strip());
    long initReaped = daemon.firstLogTime("exited: init (exit status 0; expected)");
    long dbSpawned = daemon.firstLogTime("spawned: 'db'");
    long dbUp = daemon.firstLogTime("success: db entered RUNNING");
    long ready = Long.parseLong(Files.readString(dbReady).strip());
    long worker0 = daemon.firstLogTime("spawned: 'worker_0'");
    long worker1 = daemon.firstLogTime("spawned: 'worker_1'");
    long workersUp = Math.max(daemon.firstLogTime("success: worker_0 entered RUNNING"),
        daemon.firstLogTime("success: worker_1 entered RUNNING"));
    long apiSpawned = daemon.firstLogTime("spawned: 'api'");

    assertTrue(dbSpawned >= initReaped, "db spawned before init exited\n" + log);
    assertTrue(ready > dbUp, "the db script should open its port after startsecs\n" + log);
    assertTrue(Math.min(worker0, worker1) >= ready,
        "a worker spawned before db's port was open (ready at " + ready + ")\n" + log);
    assertTrue(apiSpawned >= workersUp, "api spawned before both workers were RUNNING\n" + log);
    assertTrue(DaemonUnderTest.read(daemon.listenerLog("ordered"))
        .contains("db is ready (tcp:127.0.0.1:" + port), log);
    // getAllProcessInfo agrees, at its one-second resolution.
    assertTrue(byName.get("init:init").start() <= byName.get("db:db").start(), log);
    assertTrue(byName.get("db:db").start() <= byName.get("worker:worker_0").start(), log);
    assertTrue(byName.get("worker:worker_1").start() <= byName.get("web:api").start(), log);

    long exitedHop = dbSpawned - initExited;
    long readyHop = Math.min(worker0, worker1) - ready;
    report(kind, "EXITED hop (ms, init exit -> db spawned)", List.of(exitedHop));
    report(kind, "readiness hop (ms, db port open -> first worker spawned)", List.of(readyHop));
    report(kind, "RUNNING hop (ms, both workers RUNNING -> api spawned)",
        List.of(apiSpawned - workersUp));
    assertTrue(exitedHop < MAX_HOP_MILLIS, "EXITED hop of " + exitedHop + " ms\n" + log);
    // Readiness is probed every 500 ms once RUNNING.
    assertTrue(readyHop < 500 + MAX_HOP_MILLIS, "readiness hop " + readyHop + " ms\n" + log);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fatalDependencyBlocksOnlyItsDependentsWithOneLogLine(Kind kind) throws Exception {
    daemon = DaemonUnderTest.prepare(kind);
    startWithListener(
        "[program:broken]",
        "command=/bin/sh -c 'exit 3'",
        "autostart=false",
        "startsecs=1",
        "startretries=0",
        "dependent_startup=true",
        program("needs_broken", "startsecs=1", "dependent_startup=true",
            "dependent_startup_wait_for=broken:running"),
        program("after_needs", "startsecs=1", "dependent_startup=true",
            "dependent_startup_wait_for=needs_broken:running"),
        program("ok", "startsecs=1", "dependent_startup=true"),
        program("after_ok", "startsecs=1", "dependent_startup=true",
            "dependent_startup_wait_for=ok:running"),
        "");

    daemon.awaitProcesses("broken FATAL and the independent branch RUNNING", SETTLE,
        infos -> {
          Map<String, ProcessState> s = states(infos);
          return s.get("broken:broken") == ProcessState.FATAL
              && s.get("after_ok:after_ok") == ProcessState.RUNNING;
        });
    Path listenerLog = daemon.listenerLog("ordered");
    daemon.awaitFile("the blocking line", listenerLog, SETTLE,
        text -> text.contains("will not start"));
    // Later events (a stop and start of an unrelated program) must not repeat the line.
    daemon.client().stopProcess("ok:ok", true);
    daemon.client().startProcess("ok:ok", true);

    List<ProcessInfo> infos = daemon.processes();
    String log = daemon.diagnostics();
    Map<String, ProcessState> s = states(infos);
    assertEquals(ProcessState.STOPPED, s.get("needs_broken:needs_broken"), log);
    assertEquals(ProcessState.STOPPED, s.get("after_needs:after_needs"), log);
    assertEquals(ProcessState.RUNNING, s.get("ok:ok"), log);
    List<String> blocking = DaemonUnderTest.read(listenerLog).lines()
        .filter(l -> l.contains("will not start")).toList();
    assertEquals(1, blocking.size(), log);
    String line = blocking.get(0);
    assertTrue(line.contains("broken entered FATAL"), line);
    assertTrue(line.endsWith("will not start: needs_broken, after_needs"), line);
    assertTrue(daemon.mainLog().stream()
        .noneMatch(l -> l.text().startsWith("spawned: 'needs_broken'")
            || l.text().startsWith("spawned: 'after_needs'")), log);
  }

  /** The listener's one-round-trip start-and-read (a system.multicall) against each daemon. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void clientStartAndReadReturnsTheStateTheStartLeftAndFaultsAsStartProcessDoes(Kind kind)
      throws Exception {
    daemon = DaemonUnderTest.prepare(kind).start(String.join("\n",
        "[program:job]",
        "command=/bin/sleep 30",
        "autostart=false",
        "startsecs=0",
        ""));
    daemon.awaitProcesses("the daemon up", Duration.ofSeconds(30), infos -> !infos.isEmpty());
    ClientCalls calls = new ClientCalls(daemon.client());

    ProcessInfo info = calls.startProcessAndRead("job:job");
    assertNotNull(info, "the read half of the multicall");
    assertEquals("job", info.name());
    // Both daemons promote a startsecs=0 program to RUNNING inside the start call.
    assertEquals(ProcessState.RUNNING, info.state());

    RpcFault again = assertThrows(RpcFault.class, () -> calls.startProcessAndRead("job:job"));
    assertEquals(Fault.ALREADY_STARTED, again.fault());
    RpcFault unknown = assertThrows(RpcFault.class, () -> calls.startProcessAndRead("nope:nope"));
    assertEquals(Fault.BAD_NAME, unknown.fault());
  }

  /** Starts the daemon on the listener's section followed by {@code sections}. */
  private void startWithListener(String... sections) throws IOException {
    daemon.start(daemon.listenerSection("ordered", Main.class, EVENTS) + "\n"
        + String.join("\n", sections));
  }

  private static String program(String name, String... keys) {
    return "[program:" + name + "]\n" + LOOP + "\nautostart=false\n"
        + String.join("\n", keys) + "\n";
  }

  private static Map<String, ProcessState> states(List<ProcessInfo> infos) {
    return infos.stream().collect(Collectors.toMap(
        i -> i.group() + ":" + i.name(), ProcessInfo::state, (a, b) -> a));
  }

  private static void report(Kind kind, String what, List<Long> values) {
    System.out.println("MEASURED " + kind + " " + what + ": " + values);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
