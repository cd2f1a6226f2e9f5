package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.testkit.internal.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted table's transitions, events and faults, driven directly without HTTP. */
class FakeProcessTableTest {
  private final FakeClock clock = new FakeClock();
  private final Timeline timeline = new Timeline(clock);
  private final List<Event> events = new ArrayList<>();
  private final CallLog calls = new CallLog(clock::currentTimeMillis);
  private FakeProcessTable table;
  private ScriptedApi api;

  @AfterEach
  void tearDown() {
    api.close();
  }

  private FakeProcessTable table(Program... programs) {
    table = new FakeProcessTable(timeline, e -> {
      synchronized (events) {
        events.add(e);
      }
    }, calls, List.of(programs));
    api = new ScriptedApi(table, calls, "sup");
    return table;
  }

  private List<String> payloads() {
    synchronized (events) {
      return events.stream().map(e -> e.type() + " " + e.payload()).toList();
    }
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  private static RpcFault faultOf(Runnable r) {
    return assertThrows(RpcFault.class, r::run);
  }

  private static RpcFault faultOf(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(5,
        TimeUnit.SECONDS).join());
    return (RpcFault) e.getCause();
  }

  @Test
  void startWaitsForStartsecsOnTheVirtualClock() throws Exception {
    table(Program.named("web").startSecs(5));
    CompletableFuture<Object> started = api.startProcess("web", true);
    assertEquals(ProcessState.STARTING, table.state("web"));
    timeline.advance(Duration.ofSeconds(4));
    assertFalse(started.isDone());
    timeline.advance(Duration.ofSeconds(1));
    assertEquals(Boolean.TRUE, get(started));
    assertEquals(List.of(
        "PROCESS_STATE_STARTING processname:web groupname:web from_state:STOPPED tries:0",
        "PROCESS_STATE_RUNNING processname:web groupname:web from_state:STARTING pid:4000"),
        payloads());
    assertEquals("pid 4000, uptime 0:00:05", table.info("web").description());
    assertEquals("supervisor.startProcess('web', true)", calls.all().get(0).toString());
  }

  @Test
  void faultsAsSupervisordDoes() {
    table(Program.named("web").startSecs(0), Program.named("a").group("g"));
    assertEquals("BAD_NAME: nosuch", faultOf(() -> api.startProcess("nosuch", false))
        .faultString());
    assertEquals("BAD_NAME: g", faultOf(() -> api.startProcess("g", false)).faultString());
    assertEquals(Fault.NOT_RUNNING.code(), faultOf(() -> api.stopProcess("web", true)).code());
    api.startProcess("web", false);
    assertEquals("ALREADY_STARTED: web", faultOf(() -> api.startProcess("web", true))
        .faultString());
    assertEquals("BAD_SIGNAL: NOPE", faultOf(() -> api.signalProcess("web", "NOPE"))
        .faultString());
    assertEquals("NOT_RUNNING: g:a", faultOf(() -> api.signalProcess("g:a", "HUP"))
        .faultString());
  }

  @Test
  void stopGoesThroughStoppingToStopped() throws Exception {
    table(Program.named("web").startSecs(0));
    table.start("web");
    assertEquals(Boolean.TRUE, get(api.stopProcess("web", true)));
    assertEquals(List.of(
        "PROCESS_STATE_STARTING processname:web groupname:web from_state:STOPPED tries:0",
        "PROCESS_STATE_RUNNING processname:web groupname:web from_state:STARTING pid:4000",
        "PROCESS_STATE_STOPPING processname:web groupname:web from_state:RUNNING pid:4000",
        "PROCESS_STATE_STOPPED processname:web groupname:web from_state:STOPPING pid:4000"),
        payloads());
    assertEquals(0, table.info("web").pid());
  }

  @Test
  void slowStopCompletesWhenTimeAdvancesAndIsCappedAtStopwaitsecs() throws Exception {
    table(Program.named("web").startSecs(0).stopWaitSecs(3));
    table.start("web");
    table.slowStop("web", Duration.ofSeconds(30));
    CompletableFuture<Object> stopped = api.stopProcess("web", true);
    timeline.advance(Duration.ofSeconds(2));
    assertEquals(ProcessState.STOPPING, table.state("web"));
    assertFalse(stopped.isDone());
    timeline.advance(Duration.ofSeconds(1));
    assertEquals(Boolean.TRUE, get(stopped));
    assertEquals(ProcessState.STOPPED, table.state("web"));
  }

  @Test
  void failingStartRetriesThroughBackoffToFatal() throws Exception {
    table(Program.named("fast").startRetries(2));
    table.failStartsForever("fast");
    CompletableFuture<Object> start = api.startProcess("fast", true);
    assertEquals("SPAWN_ERROR: fast", faultOf(start).faultString());
    timeline.advance(Duration.ofSeconds(10));
    assertEquals(List.of(
        "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:STOPPED tries:0",
        "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:1",
        "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:BACKOFF tries:1",
        "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:2",
        "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:BACKOFF tries:2",
        "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:3",
        "PROCESS_STATE_FATAL processname:fast groupname:fast from_state:BACKOFF"), payloads());
    assertEquals("Exited too quickly (process log may have details)",
        table.info("fast").description());
  }

  @Test
  void backoffDelaysGrowOneSecondPerTry() {
    table(Program.named("fast").startRetries(5));
    table.failStarts("fast", 2);
    table.start("fast");
    timeline.advance(Duration.ofMillis(999));
    assertEquals(ProcessState.BACKOFF, table.state("fast"));
    timeline.advance(Duration.ofMillis(1));
    assertEquals(ProcessState.BACKOFF, table.state("fast"));
    timeline.advance(Duration.ofSeconds(2));
    assertEquals(ProcessState.STARTING, table.state("fast"));
    timeline.advance(Duration.ofSeconds(1));
    assertEquals(ProcessState.RUNNING, table.state("fast"));
  }

  @Test
  void stopWhileBackoffGoesStraightToStoppedWithPidZero() throws Exception {
    table(Program.named("fast"));
    table.failStarts("fast", 1);
    table.start("fast");
    assertEquals(Boolean.TRUE, get(api.stopProcess("fast", true)));
    assertEquals("PROCESS_STATE_STOPPED processname:fast groupname:fast from_state:BACKOFF pid:0",
        payloads().get(payloads().size() - 1));
  }

  @Test
  void crashRestartsPerAutorestart() {
    table(Program.named("crasher").startSecs(0),
        Program.named("oneshot").startSecs(0).autoRestart(AutoRestart.FALSE));
    table.start("crasher");
    table.start("oneshot");
    events.clear();
    table.crash("crasher", 3);
    table.crash("oneshot", 0);
    assertEquals(List.of(
        "PROCESS_STATE_EXITED processname:crasher groupname:crasher from_state:RUNNING expected:0"
            + " pid:4000",
        "PROCESS_STATE_STARTING processname:crasher groupname:crasher from_state:EXITED tries:0",
        "PROCESS_STATE_RUNNING processname:crasher groupname:crasher from_state:STARTING pid:4002",
        "PROCESS_STATE_EXITED processname:oneshot groupname:oneshot from_state:RUNNING expected:1"
            + " pid:4001"), payloads());
  }

  @Test
  void groupStartReturnsResultsAndSkipsRunningProcesses() throws Exception {
    table(Program.named("a").group("g").startSecs(0), Program.named("b").group("g").startSecs(2));
    table.start("g:a");
    CompletableFuture<Object> results = api.startProcess("g:*", true);
    assertFalse(results.isDone());
    timeline.advance(Duration.ofSeconds(2));
    assertEquals(List.of(ProcessResult.ok("g", "b")), get(results));
    assertEquals(List.of(), get(api.startProcessGroup("g", true)));
  }

  @Test
  void shutdownStateFaultsEverythingButRemoteComm() throws Exception {
    table(Program.named("web"));
    table.setMood(SupervisorState.SHUTDOWN);
    assertEquals(Fault.SHUTDOWN_STATE.code(), faultOf(() -> api.getState()).code());
    assertEquals("SHUTDOWN_STATE", faultOf(() -> api.startProcess("web", true)).faultString());
    assertEquals(Boolean.TRUE, get(api.sendRemoteCommEvent("t", "d")));
    assertEquals(3, calls.all().size());
  }

  @Test
  void supervisordStopStopsTiersFromTheHighestPriorityDown() {
    table(Program.named("p1").groupPriority(1).startSecs(0),
        Program.named("p3").groupPriority(3).startSecs(0));
    table.start("p1");
    table.start("p3");
    table.slowStop("p3", Duration.ofSeconds(2));
    events.clear();
    table.supervisordStop();
    assertEquals(List.of("SUPERVISOR_STATE_CHANGE_STOPPING ",
        "PROCESS_STATE_STOPPING processname:p3 groupname:p3 from_state:RUNNING pid:4001"),
        payloads());
    timeline.advance(Duration.ofSeconds(2));
    assertEquals(List.of("SUPERVISOR_STATE_CHANGE_STOPPING ",
        "PROCESS_STATE_STOPPING processname:p3 groupname:p3 from_state:RUNNING pid:4001",
        "PROCESS_STATE_STOPPED processname:p3 groupname:p3 from_state:STOPPING pid:4001",
        "PROCESS_STATE_STOPPING processname:p1 groupname:p1 from_state:RUNNING pid:4000",
        "PROCESS_STATE_STOPPED processname:p1 groupname:p1 from_state:STOPPING pid:4000"),
        payloads());
    assertEquals(Fault.SHUTDOWN_STATE.code(), faultOf(() -> api.getAllProcessInfo()).code());
  }

  @Test
  void killSignalMakesARunningProcessExitUnexpectedly() throws Exception {
    table(Program.named("web").startSecs(0).autoRestart(AutoRestart.FALSE));
    table.start("web");
    assertEquals(Boolean.TRUE, get(api.signalProcess("web", "KILL")));
    assertEquals(ProcessState.EXITED, table.state("web"));
    assertEquals(-1, table.info("web").exitstatus());
    assertTrue(payloads().get(payloads().size() - 1).contains("expected:0"));
  }

  @Test
  void removeAndAddGroupEmitGroupEvents() throws Exception {
    table(Program.named("web").startSecs(0).autostart(false));
    assertEquals(Boolean.TRUE, get(api.removeProcessGroup("web")));
    assertEquals("BAD_NAME: web", faultOf(() -> api.getProcessInfo("web")).faultString());
    assertEquals(Boolean.TRUE, get(api.addProcessGroup("web")));
    assertEquals("ALREADY_ADDED: web", faultOf(() -> api.addProcessGroup("web")).faultString());
    assertEquals(List.of("PROCESS_GROUP_REMOVED groupname:web\n",
        "PROCESS_GROUP_ADDED groupname:web\n"), payloads());
  }

  @Test
  void stopAllAnswersInCompletionOrder() throws Exception {
    table(Program.named("slow").startSecs(0), Program.named("quick").startSecs(0));
    table.start("slow");
    table.start("quick");
    table.slowStop("slow", Duration.ofSeconds(2));
    CompletableFuture<List<ProcessResult>> stopped = api.stopAllProcesses(true);
    assertFalse(stopped.isDone());
    timeline.advance(Duration.ofSeconds(2));
    assertEquals(List.of(ProcessResult.ok("quick", "quick"), ProcessResult.ok("slow", "slow")),
        get(stopped));
  }

  @Test
  void signalGroupListsOnlySignallableProcessesAndBadSignalsPerProcess() throws Exception {
    table(Program.named("a").group("g").startSecs(0), Program.named("b").group("g"));
    table.start("g:a");
    assertEquals(List.of(ProcessResult.ok("g", "a")), get(api.signalProcessGroup("g", "HUP")));
    List<ProcessResult> bad = get(api.signalProcessGroup("g", "BOGUS"));
    assertEquals(List.of(new ProcessResult("a", "g", Fault.BAD_SIGNAL.code(),
        "BAD_SIGNAL: BOGUS")), bad);
    assertEquals("BAD_NAME: nosuch", faultOf(() -> api.signalProcessGroup("nosuch", "HUP"))
        .faultString());
  }

  @Test
  void startWaitOnAProcessThatCrashesWhileStartingIsSpawnError() {
    table(Program.named("web").startSecs(5));
    CompletableFuture<Object> started = api.startProcess("web", true);
    table.crash("web", 1);
    assertEquals("SPAWN_ERROR: web", faultOf(started).faultString());
  }
}
